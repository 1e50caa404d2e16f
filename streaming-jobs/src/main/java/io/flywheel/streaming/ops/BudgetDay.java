package io.flywheel.streaming.ops;

/** The spend of one UTC day against the budget; {@code breachedAt} is 0 until it is crossed. */
public class BudgetDay {
    public String day;
    public long budgetMicroUsd;
    public long spentMicroUsd;
    public long breachedAt;

    public BudgetDay() {}
}
