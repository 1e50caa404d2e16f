#!/usr/bin/env python3
"""Checks the Airflow DAG without Airflow: it compiles, and its structure is what infra/README.md
says (the DAG ids, the task chain ingest >> curate >> train >> recommend, retries and timeouts).
Run by cli's InfraTest (which also parses the Kubernetes YAML); standard library only."""

import ast
import py_compile
import sys
from pathlib import Path

DAG_FILE = Path(__file__).parent / "airflow" / "dags" / "flywheel_batch.py"


def fail(msg):
    print("infra/validate.py: " + msg, file=sys.stderr)
    sys.exit(1)


def main():
    py_compile.compile(str(DAG_FILE), doraise=True)
    tree = ast.parse(DAG_FILE.read_text(), filename=str(DAG_FILE))

    dag_ids = []
    chains = []
    jobs = {}
    default_args = None
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "DAG":
            for kw in node.keywords:
                if kw.arg == "dag_id":
                    dag_ids.append(kw.value.value)
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            call = node.value
            if getattr(call.func, "id", None) == "batch_job":
                jobs[node.targets[0].id] = call.args[0].value
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "DEFAULT_ARGS":
            default_args = {k.value: v for k, v in zip(node.value.keys, node.value.values)}
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.BinOp):
            chain = []
            expr = node.value
            while isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.RShift):
                chain.insert(0, expr.right.id)
                expr = expr.left
            chain.insert(0, expr.id)
            chains.append(chain)

    if dag_ids != ["flywheel_cycle", "flywheel_experiments", "flywheel_maintenance"]:
        fail("unexpected DAG ids %s" % dag_ids)
    expected = {j: j for j in ("ingest", "curate", "train", "recommend", "experiments",
                               "maintenance")}
    if jobs != expected:
        fail("tasks %s, expected one per job %s" % (jobs, sorted(expected)))
    if [[jobs[t] for t in c] for c in chains] != [["ingest", "curate", "train", "recommend"]]:
        fail("the cycle must be ingest >> curate >> train >> recommend, found %s" % chains)
    if default_args is None:
        fail("no DEFAULT_ARGS")
    retries = default_args.get("retries")
    if not isinstance(retries, ast.Constant) or retries.value < 1:
        fail("DEFAULT_ARGS must retry a failed task")
    for key in ("retry_delay", "execution_timeout"):
        if key not in default_args:
            fail("DEFAULT_ARGS needs " + key)
    print("airflow DAG ok: %s; cycle %s" % (", ".join(dag_ids), " >> ".join(chains[0])))


if __name__ == "__main__":
    main()
