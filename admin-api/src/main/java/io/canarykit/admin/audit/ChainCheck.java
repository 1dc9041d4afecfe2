package io.canarykit.admin.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The verdict on an audit chain: intact with its entry count, or broken at the first bad entry.
 *
 * @param firstBadSeq the sequence number of the first entry that fails, or null when intact
 * @param problem what is wrong with it, or null when intact
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChainCheck(
        @JsonProperty("intact") boolean intact,
        @JsonProperty("entries") long entries,
        @JsonProperty("first_bad_seq") Long firstBadSeq,
        @JsonProperty("problem") String problem) {

    static ChainCheck intact(long entries) {
        return new ChainCheck(true, entries, null, null);
    }

    static ChainCheck broken(long entries, long seq, String problem) {
        return new ChainCheck(false, entries, seq, problem);
    }

    /** One line for an operator: the count, or the first bad entry and why. */
    public String describe() {
        return intact
                ? "audit chain intact: " + entries + (entries == 1 ? " entry" : " entries")
                : "audit chain broken at entry " + firstBadSeq + ": " + problem;
    }
}
