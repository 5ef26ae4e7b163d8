package org.junction.hub.audit.retention;

import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.function.Supplier;
import org.junction.hub.scheduling.PeriodicTask;
import org.junction.security.audit.LedgerSegments;
import org.junction.security.governance.agreement.AgreementRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Purges payload copies due for it on each pass and, at most once per segment-check interval,
 * closes the ledger segment older than the audit period.
 *
 * <p>The ledger is one chain across agreements, so a segment can close only once every event in it
 * is past the longest audit period any loaded agreement sets (or the default, if longer): no event
 * is removed before its own agreement allows.
 */
public class RetentionWatch extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(RetentionWatch.class);

    private final PayloadPurge purge;
    private final LedgerSegments segments;
    private final Supplier<AgreementRegistry> agreements;
    private final RetentionProperties settings;
    private final Clock clock;
    private Instant lastSegmentCheck;

    public RetentionWatch(PayloadPurge purge, LedgerSegments segments, Supplier<AgreementRegistry> agreements,
                          RetentionProperties settings, Clock clock) {
        super("junction-retention", settings.interval());
        this.purge = Objects.requireNonNull(purge);
        this.segments = Objects.requireNonNull(segments);
        this.agreements = Objects.requireNonNull(agreements);
        this.settings = settings;
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    protected void runOnce() {
        int purged = purge.purgeDue();
        if (purged > 0) {
            log.info("Purged the payload copies of {} held referral(s) past their transit period", purged);
        }
        Instant now = clock.instant();
        if (lastSegmentCheck == null || !now.isBefore(lastSegmentCheck.plus(settings.segmentCheckInterval()))) {
            lastSegmentCheck = now;
            closeOldSegment(now);
        }
    }

    /** Closes what is older than the audit period, if a signed checkpoint allows; for tests and operators. */
    public void closeOldSegment(Instant now) {
        segments.closeOlderThan(now.atOffset(ZoneOffset.UTC).minus(auditPeriod()).toInstant()).ifPresent(closed ->
                log.info("Closed the ledger segment through seq {} ({} events past the audit period)",
                        closed.throughSeq(), closed.eventsRemoved()));
    }

    /** The longest audit period of any loaded agreement's flow, or the default if that is longer. */
    Period auditPeriod() {
        Period longest = settings.defaultAuditPeriod();
        for (var flow : agreements.get().flows()) {
            Period p = flow.flow().retention().auditLog();
            if (Instant.EPOCH.atOffset(ZoneOffset.UTC).plus(p)
                    .isAfter(Instant.EPOCH.atOffset(ZoneOffset.UTC).plus(longest))) {
                longest = p;
            }
        }
        return longest;
    }
}
