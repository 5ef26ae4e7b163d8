package org.junction.security.governance.agreement;

/** The status an agreement's file gives it. Only ACTIVE can be in force. */
public enum AgreementStatus { DRAFT, ACTIVE, SUSPENDED, EXPIRED, TERMINATED }
