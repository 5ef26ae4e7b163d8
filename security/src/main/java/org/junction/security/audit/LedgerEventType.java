package org.junction.security.audit;

/** What happened to a referral, as recorded in the audit ledger. */
public enum LedgerEventType {
    /** Accepted from a sender and stored durably (intake transaction). */
    RECEIVED,
    /** Handed to the broker's intake queue by the outbox relay. */
    QUEUED
}
