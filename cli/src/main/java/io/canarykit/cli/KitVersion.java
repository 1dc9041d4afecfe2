package io.canarykit.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the version recorded in the jar's manifest. */
final class KitVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = KitVersion.class.getPackage().getImplementationVersion();
        return new String[] {"kit " + (v == null ? "(development build)" : v)};
    }
}
