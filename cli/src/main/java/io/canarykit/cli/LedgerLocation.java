package io.canarykit.cli;

/** Where the sidecar's database is: {@code --db}, else {@code KIT_DB_URL} from the shared settings. */
final class LedgerLocation {

    private LedgerLocation() {}

    static String url(String db, ConfigOptions settings) {
        if (db != null) {
            return db.startsWith("jdbc:") ? db : "jdbc:sqlite:" + db;
        }
        return settings.load().kitDbUrl();
    }
}
