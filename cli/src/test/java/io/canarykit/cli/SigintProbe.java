package io.canarykit.cli;

/** A program that says when it is up and when its shutdown hook runs, for the launcher's signal tests. */
final class SigintProbe {

    static final String UP = "probe up";
    static final String HOOK = "probe stopped by its shutdown hook";

    private SigintProbe() {}

    public static void main(String[] args) throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println(HOOK);
            System.out.flush();
        }));
        System.out.println(UP);
        System.out.flush();
        Thread.sleep(60_000);
    }
}
