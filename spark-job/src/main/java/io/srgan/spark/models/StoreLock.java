package io.srgan.spark.models;

/** The two leases of a model store: what each guards, and what ending it by force breaks. */
public enum StoreLock {
    /**
     * {@code STORE/lease/}: held only while models or the production pointer change ({@code models
     * promote|rollback|import}, and the short steps where a retrain run stores its candidate, promotes
     * it and records the run). Every such change re-checks it right before it is made.
     */
    STORE("store lease", "model store",
            "a change it is making at this moment may still complete; its next change is refused and it stops"),
    /**
     * {@code STORE/retrain/lease/}: held by the one retrain run at work, from choosing its days to its
     * record, so that two runs never train on the same days; store changes do not wait for it.
     */
    RETRAINING("retraining lease", "retraining on model store",
            "its fine-tune is wasted: it stores no candidate, promotes nothing, and the next retrain run takes its days over");

    private final String label;
    private final String guards;
    private final String brokenIfAlive;

    StoreLock(String label, String guards, String brokenIfAlive) {
        this.label = label;
        this.guards = guards;
        this.brokenIfAlive = brokenIfAlive;
    }

    /** e.g. "store lease" */
    public String label() {
        return label;
    }

    /** What ending this lease does to its holder if that process is in fact still running. */
    public String brokenIfAlive() {
        return brokenIfAlive;
    }

    String guards() {
        return guards;
    }
}
