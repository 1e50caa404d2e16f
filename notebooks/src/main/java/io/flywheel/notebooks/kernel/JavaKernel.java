package io.flywheel.notebooks.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.kernel.util.TextColor;

/**
 * A Jupyter kernel for Java on JJava's protocol library: cells are evaluated by a JShell whose
 * snippets run in this JVM (the "local" execution engine), so the notebook's code sees Flywheel's
 * classes on the kernel's classpath and can publish display data (charts) through {@link
 * BaseKernel#notebookKernel()}.
 *
 * <p>A cell that does not compile, or whose code throws, becomes an error reply with the cause;
 * nbconvert records it as an {@code error} output, which the notebooks' check fails on.
 */
public final class JavaKernel extends BaseKernel {
    private final JShell shell;
    private final List<String> startupSnippets;
    private boolean started;

    public JavaKernel(String version, List<String> startupSnippets) {
        super(
                "flywheel-java",
                version,
                new LanguageInfo.Builder("Java")
                        .version(Runtime.version().toString())
                        .mimetype("text/x-java-source")
                        .fileExtension(".jshell")
                        .pygments("java")
                        .codemirror("java")
                        .build(),
                List.of(new HelpLink("Flywheel notebooks", "notebooks/README.md")),
                (HistoryManager) null,
                new org.dflib.jjava.jupyter.kernel.JupyterIO(
                        java.nio.charset.StandardCharsets.UTF_8),
                new org.dflib.jjava.jupyter.kernel.comm.CommManager(),
                new org.dflib.jjava.jupyter.kernel.display.Renderer(),
                null,
                new MagicsRegistry(),
                false,
                new StringStyler.Builder()
                        .addPrimaryStyle(TextColor.BOLD_RESET_FG)
                        .addSecondaryStyle(TextColor.BOLD_RED_FG)
                        .addHighlightStyle(TextColor.BOLD_RESET_FG)
                        .addHighlightStyle(TextColor.RED_BG)
                        .build());
        this.shell = JShell.builder().executionEngine("local").build();
        for (String entry :
                System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!entry.isBlank()) {
                shell.addToClasspath(entry);
            }
        }
        this.startupSnippets = List.copyOf(startupSnippets);
    }

    @Override
    public Object evalRaw(String source) {
        if (!started) {
            started = true;
            for (String s : startupSnippets) {
                evalAll(s);
            }
        }
        return evalAll(source);
    }

    /** Evaluates every complete snippet of a cell; the value of the last expression is shown. */
    private String evalAll(String source) {
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(source);
        String last = null;
        while (info.completeness().isComplete()) {
            last = evalOne(info.source());
            info = analysis.analyzeCompletion(info.remaining());
        }
        if (info.completeness() != SourceCodeAnalysis.Completeness.EMPTY) {
            throw new CellException("incomplete input: " + info.remaining().trim());
        }
        return last;
    }

    private String evalOne(String snippetSource) {
        String value = null;
        for (SnippetEvent e : shell.eval(snippetSource)) {
            if (e.causeSnippet() != null) {
                continue;
            }
            if (e.exception() != null) {
                throw failure(e);
            }
            if (!e.status().isDefined()) {
                throw new CellException(compileErrors(e.snippet()));
            }
            Snippet.SubKind kind = e.snippet().subKind();
            boolean shown =
                    kind == Snippet.SubKind.VAR_VALUE_SUBKIND
                            || kind == Snippet.SubKind.OTHER_EXPRESSION_SUBKIND
                            || kind == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
            value = shown ? e.value() : null;
        }
        return value;
    }

    private RuntimeException failure(SnippetEvent e) {
        if (e.exception() instanceof EvalException ee) {
            CellException c =
                    new CellException(ee.getExceptionClassName() + ": " + ee.getMessage());
            c.setStackTrace(ee.getStackTrace());
            return c;
        }
        if (e.exception() instanceof UnresolvedReferenceException u) {
            return new CellException(
                    "unresolved: "
                            + shell.unresolvedDependencies(u.getSnippet())
                                    .collect(Collectors.joining(", ")));
        }
        return new CellException(String.valueOf(e.exception()));
    }

    private String compileErrors(Snippet snippet) {
        List<String> lines = new ArrayList<>();
        shell.diagnostics(snippet)
                .forEach(
                        d ->
                                lines.add(
                                        d.getMessage(null)
                                                + " in: "
                                                + snippet.source()
                                                        .substring(
                                                                (int)
                                                                        Math.max(
                                                                                0,
                                                                                d
                                                                                        .getStartPosition()),
                                                                (int)
                                                                        Math.max(
                                                                                0,
                                                                                Math.min(
                                                                                        snippet.source()
                                                                                                .length(),
                                                                                        d
                                                                                                .getEndPosition())))));
        if (snippet instanceof DeclarationSnippet ds) {
            List<String> missing = shell.unresolvedDependencies(ds).toList();
            if (!missing.isEmpty()) {
                lines.add("unresolved: " + String.join(", ", missing));
            }
        }
        return lines.isEmpty() ? "does not compile: " + snippet.source() : String.join("\n", lines);
    }

    /**
     * The base kernel replies with an error for an {@link Exception} only: an {@link Error} out of
     * JShell itself (a class that cannot be loaded, a stack overflow while compiling) would leave
     * the cell without a reply and the notebook waiting, so it becomes the cell's error here.
     */
    @Override
    public DisplayData eval(String expr) {
        Object value;
        try {
            value = evalRaw(expr);
        } catch (Error e) {
            CellException c = new CellException(e.toString());
            c.initCause(e);
            throw c;
        }
        return value == null ? null : new DisplayData(value.toString());
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        List<SourceCodeAnalysis.Documentation> docs =
                shell.sourceCodeAnalysis().documentation(code, at, true);
        if (docs == null || docs.isEmpty()) {
            return null;
        }
        return new DisplayData(
                docs.stream()
                        .map(d -> d.signature() + (d.javadoc() == null ? "" : "\n" + d.javadoc()))
                        .collect(Collectors.joining("\n\n")));
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> s =
                shell.sourceCodeAnalysis().completionSuggestions(code, at, anchor);
        if (s == null || s.isEmpty()) {
            return null;
        }
        return new ReplacementOptions(
                s.stream().map(SourceCodeAnalysis.Suggestion::continuation).distinct().toList(),
                anchor[0],
                at);
    }

    @Override
    public String isComplete(String code) {
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(code);
        while (info.completeness().isComplete()) {
            info = analysis.analyzeCompletion(info.remaining());
        }
        return switch (info.completeness()) {
            case UNKNOWN -> IS_COMPLETE_BAD;
            case COMPLETE, COMPLETE_WITH_SEMI, EMPTY -> IS_COMPLETE_YES;
            case CONSIDERED_INCOMPLETE, DEFINITELY_INCOMPLETE -> "    ";
        };
    }

    @Override
    public void interrupt() {
        shell.stop();
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        super.onShutdown(isRestarting);
        shell.close();
    }

    /** A cell that did not compile or threw: its message is what the notebook shows. */
    static final class CellException extends RuntimeException {
        CellException(String message) {
            super(message);
        }
    }
}
