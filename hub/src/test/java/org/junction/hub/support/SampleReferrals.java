package org.junction.hub.support;

/** Synthetic police referrals for tests: invented people, NHS numbers from the 999 test range. */
public final class SampleReferrals {

    private SampleReferrals() {
    }

    public static String police(String nhsNumber, String given, String family, String consentStatus) {
        String nhs = nhsNumber == null ? "" : "\"nhsNumber\": \"" + nhsNumber + "\",";
        String recordedAt = consentStatus.equals("GIVEN") || consentStatus.equals("REFUSED")
                ? ", \"recordedAt\": \"2026-11-20T10:15:00Z\""
                : ", \"reason\": \"Subject was not at the address when officers followed up\"";
        return """
                {
                  "sourceRef": "PVP/2026/000123",
                  "incidentRef": "OEL-2026-0042",
                  "referralType": "PPN_DOMESTIC_ABUSE",
                  "purpose": "PATSFTY",
                  "priority": "urgent",
                  "subject": {
                    "name": {"given": ["%s"], "family": "%s"},
                    "birthDate": "1986-04-12",
                    "gender": "female",
                    %s
                    "address": {"lines": ["14 Larkspur Row"], "city": "Demoton", "postcode": "DT1 4QZ"}
                  },
                  "concerns": ["DA", "MH"],
                  "risk": {"tool": "DASH", "score": 15, "grade": "HIGH"},
                  "narrative": "Officers attended a reported argument; the subject disclosed repeated threats.",
                  "officer": {"name": "PC Rowan Ashby", "collarNumber": "4471", "station": "Demoton Central"},
                  "consent": {"status": "%s"%s}
                }
                """.formatted(given, family, nhs, consentStatus, recordedAt);
    }

    public static String police(String nhsNumber, String given, String family) {
        return police(nhsNumber, given, family, "GIVEN");
    }
}
