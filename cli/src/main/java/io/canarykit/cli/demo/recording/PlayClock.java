package io.canarykit.cli.demo.recording;

/** The wall clock a recording plays by; tests pass one that only moves when asked to sleep. */
public interface PlayClock {

    /** The time now, in epoch milliseconds. */
    long millis();

    /** Returns at {@code millis} or later, at once when that time has passed. */
    void sleepUntil(long millis) throws InterruptedException;

    /** The system clock. */
    PlayClock SYSTEM = new PlayClock() {
        @Override
        public long millis() {
            return System.currentTimeMillis();
        }

        @Override
        public void sleepUntil(long millis) throws InterruptedException {
            for (long wait = millis - millis(); wait > 0; wait = millis - millis()) {
                Thread.sleep(wait);
            }
        }
    };
}
