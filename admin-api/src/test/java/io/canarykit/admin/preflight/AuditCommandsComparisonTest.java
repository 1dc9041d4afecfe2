package io.canarykit.admin.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.admin.control.ControlTopic.Seen;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuditCommandsComparisonTest {

    @Test
    void passesWhenEveryCommandTheSidecarSentIsAudited() {
        Check check = AuditCommands.compare(List.of(new Seen("a", true), new Seen("b", true)), Set.of("a", "b", "c"),
                Set.of()).check();

        assertThat(check).isEqualTo(new Check("audit_commands", true, false,
                "every one of the 2 commands the sidecar sent to kit.control is in the audit log"));
    }

    @Test
    void failsNamingTheCountAndTheFirstIdsOfTheSidecarsUnauditedCommands() {
        List<Seen> onTopic = List.of(new Seen("a", true), new Seen("x1", true), new Seen("x2", true),
                new Seen("x3", true), new Seen("x4", true), new Seen("x5", true), new Seen("x6", true));

        Check check = AuditCommands.compare(onTopic, Set.of("a"), Set.of()).check();

        assertThat(check.ok()).isFalse();
        assertThat(check.detail()).isEqualTo(
                "6 of the 7 commands the sidecar sent to kit.control have no audit entry, first: x1, x2, x3, x4, x5, …");
    }

    @Test
    void warnsAboutOtherProducersCommandsAndIntentsThatNeverReachedTheTopic() {
        List<Seen> onTopic = List.of(new Seen("a", true), new Seen("tape-1", false), new Seen(null, false));

        Check check = AuditCommands.compare(onTopic, Set.of("a", "never-sent", "pending-but-sent"),
                Set.of("never-sent", "a")).check();

        assertThat(check.ok()).isTrue();
        assertThat(check.warning()).isTrue();
        assertThat(check.detail()).isEqualTo("every one of the 1 commands the sidecar sent to kit.control is in the audit log; "
                + "2 commands on kit.control were not sent through the sidecar and are not in its audit log, first: tape-1, (a record that is not a command); "
                + "1 intents without outcome (audited, never sent: the sidecar stopped first; nothing was done), first: never-sent");
    }
}
