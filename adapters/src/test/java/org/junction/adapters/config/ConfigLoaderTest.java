package org.junction.adapters.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junction.adapters.fhir.FhirR4Adapter;
import org.junction.adapters.restjson.RestJsonAdapter;
import org.junction.adapters.spi.AdapterTypes;
import org.junction.adapters.webhook.WebhookAdapter;
import org.junction.mappings.MapperRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    private static final MapperRegistry MAPPERS = MapperRegistry.standard();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String KEY_A = "a".repeat(64);
    private static final String KEY_B = "b".repeat(64);

    @TempDir
    Path dir;

    private final ConfigLoader loader = new ConfigLoader(new AdapterTypes(List.of(
            new RestJsonAdapter(MAPPERS, TIMEOUT, TIMEOUT, Clock.systemUTC()),
            new WebhookAdapter(MAPPERS, TIMEOUT, TIMEOUT, Clock.systemUTC()),
            new FhirR4Adapter(null, TIMEOUT, TIMEOUT, Clock.systemUTC()))), MAPPERS);

    @Test
    void validDirectoryGivesPartnersRoutesAndRules() throws IOException {
        partner("police-a", """
                id: police-a
                name: Police A
                kind: POLICE
                api-key-sha256: %s
                sources: [{ type: rest-json, mapper: police-referral-json-v1 }]
                """.formatted(KEY_A));
        partner("gp-a", """
                id: gp-a
                name: GP A
                kind: HEALTH
                sink: { type: fhir-r4, endpoint: "http://127.0.0.1:9/fhir", mapper: fhir-bars-r4-v1 }
                """);

        ConfigSet set = loader.load(dir);

        assertThat(set.partners()).extracting(p -> p.id()).containsExactly("gp-a", "police-a");
        assertThat(set.routes()).extracting(r -> r.routeId()).containsExactly("deliver-gp-a", "fhir-r4-sink-gp-a");
        assertThat(set.directory().authenticate("anything")).isEmpty();
        assertThat(set.files()).containsEntry("police-a", "partners/police-a.yaml");
    }

    @Test
    void everyProblemIsNamedWithFilePartnerAndKey() throws IOException {
        partner("one", """
                id: one
                name: One
                kind: COUNCIL
                colour: blue
                sink: { type: carrier-pigeon, endpoint: "http://x" }
                """);
        partner("two", """
                id: two
                name: Two
                kind: COUNCIL
                sink: { type: webhook, mapper: volunteer-stepdown-json-v1 }
                sources: [{ type: webhook, mapper: volunteer-outcome-json-v1 }]
                """);
        partner("three", """
                id: three
                name: Three
                kind: SHERIFF
                sink: { type: rest-json, endpoint: "ftp://x", mapper: no-such-format, credentials: "plain" }
                """);

        assertThatThrownBy(() -> loader.load(dir)).isInstanceOfSatisfying(InvalidConfigurationException.class, e ->
                assertThat(e.problems()).extracting(ConfigProblem::toString).contains(
                        "partners/one.yaml: partner 'one': sink.type: unknown adapter type 'carrier-pigeon' (known: [rest-json, webhook, fhir-r4])",
                        "partners/two.yaml: partner 'two': sink.endpoint: required for this adapter type",
                        "partners/two.yaml: partner 'two': sink.credentials: required: a reference to the HMAC signing key",
                        "partners/two.yaml: partner 'two': sources[0].type: adapter type 'webhook' cannot be a source (it supports [SINK])",
                        "partners/three.yaml: partner 'three': sink.credentials: must be a reference (env:NAME or file:/path), never the secret itself",
                        "partners/three.yaml: partner 'three': sink.endpoint: an http or https URL")
                        .anySatisfy(p -> assertThat(p).startsWith(
                                "partners/one.yaml: partner 'one': colour: unknown key (expected one of [api-key-sha256, "))
                        .anySatisfy(p -> assertThat(p).startsWith("partners/three.yaml: partner 'three': kind: required: one of"))
                        .anySatisfy(p -> assertThat(p).startsWith(
                                "partners/three.yaml: partner 'three': sink.mapper: 'no-such-format' is not an outbound format")));
    }

    @Test
    void partnersOwnRetryPolicyTravelsWithItsDeliverRouteAndBadValuesAreNamed() throws IOException {
        partner("gp-a", """
                id: gp-a
                name: GP A
                kind: HEALTH
                sink: { type: fhir-r4, endpoint: "http://127.0.0.1:9/fhir", mapper: fhir-bars-r4-v1 }
                delivery: { maximum-redeliveries: 3, initial-delay: 250ms, maximum-delay: 1m }
                """);

        var deliver = loader.load(dir).routes().stream().filter(r -> r.routeId().equals("deliver-gp-a")).findFirst()
                .orElseThrow();

        assertThat(deliver.parameters()).containsEntry("maximumRedeliveries", "3").containsEntry("initialDelay", "250")
                .containsEntry("maximumDelay", "60000").doesNotContainKey("multiplier");

        partner("gp-a", """
                id: gp-a
                name: GP A
                kind: HEALTH
                sink: { type: fhir-r4, endpoint: "http://127.0.0.1:9/fhir", mapper: fhir-bars-r4-v1 }
                delivery: { maximum-redeliveries: many, initial-delay: soon, multiplier: 0.5, jitter: 2 }
                """);
        assertThatThrownBy(() -> loader.load(dir)).isInstanceOfSatisfying(InvalidConfigurationException.class, e ->
                assertThat(e.problems()).extracting(ConfigProblem::key).containsExactlyInAnyOrder(
                        "delivery.maximum-redeliveries", "delivery.initial-delay", "delivery.multiplier",
                        "delivery.jitter"));
    }

    @Test
    void duplicateIdsAndSharedKeysAreRefused() throws IOException {
        String police = """
                id: police-a
                name: Police A
                kind: POLICE
                api-key-sha256: %s
                sources: [{ type: rest-json, mapper: police-referral-json-v1 }]
                """;
        partner("a-police", police.formatted(KEY_A));
        partner("b-police", police.formatted(KEY_B));
        partner("c-police", police.replace("police-a", "police-c").formatted(KEY_A));

        assertThatThrownBy(() -> loader.load(dir)).isInstanceOfSatisfying(InvalidConfigurationException.class, e ->
                assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactlyInAnyOrder(
                        "partners/b-police.yaml: partner 'police-a': id: already used by partners/a-police.yaml",
                        "partners/c-police.yaml: partner 'police-c': api-key-sha256: the same key as partner 'police-a': every partner needs its own"));
    }

    @Test
    void secretReferenceThatDoesNotResolveIsNamedButNeverItsValue() throws IOException {
        partner("vol", """
                id: vol
                name: Volunteers
                kind: VOLUNTEER
                sink: { type: webhook, endpoint: "https://vol.example/hook", mapper: volunteer-stepdown-json-v1,
                        credentials: "file:%s" }
                """.formatted(dir.resolve("missing.secret")));

        assertThatThrownBy(() -> loader.load(dir)).isInstanceOfSatisfying(InvalidConfigurationException.class, e ->
                assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactly(
                        "partners/vol.yaml: partner 'vol': sink.credentials: secret file:" + dir.resolve("missing.secret")
                                + " cannot be read"));
    }

    @Test
    void aLeftoverSharingRulesFileIsRefusedRatherThanSilentlyIgnored() throws IOException {
        partner("police-a", """
                id: police-a
                name: Police A
                kind: POLICE
                sources: [{ type: rest-json, mapper: police-referral-json-v1 }]
                """);
        Files.writeString(dir.resolve("sharing-rules.yaml"), """
                rules:
                  - { from: police-a, to: gp-a, purposes: [PATSFTY] }
                """);

        assertThatThrownBy(() -> loader.load(dir)).isInstanceOfSatisfying(InvalidConfigurationException.class, e ->
                assertThat(e.problems()).singleElement().satisfies(p -> {
                    assertThat(p.file()).isEqualTo("sharing-rules.yaml");
                    assertThat(p.reason()).contains("no longer read").contains("agreements/*.yaml");
                }));
    }

    @Test
    void brokenYamlIsReportedWithoutQuotingTheFile() throws IOException {
        partner("bad", "id: bad\nname: [unclosed\n  credentials: hunter2\n");

        assertThatThrownBy(() -> loader.load(dir)).isInstanceOfSatisfying(InvalidConfigurationException.class, e -> {
            assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactly("partners/bad.yaml: not valid YAML");
            assertThat(e.getMessage()).doesNotContain("hunter2");
        });
    }

    @Test
    void diffNamesPartnersAndRoutesAddedRemovedAndChanged() throws IOException {
        partner("gp-a", """
                id: gp-a
                name: GP A
                kind: HEALTH
                sink: { type: fhir-r4, endpoint: "http://127.0.0.1:9/fhir", mapper: fhir-bars-r4-v1 }
                """);
        ConfigSet before = loader.load(dir);
        partner("gp-a", """
                id: gp-a
                name: GP A (renamed)
                kind: HEALTH
                sink: { type: fhir-r4, endpoint: "http://127.0.0.1:10/fhir", mapper: fhir-bars-r4-v1 }
                """);
        partner("police-a", """
                id: police-a
                name: Police A
                kind: POLICE
                sources: [{ type: rest-json, mapper: police-referral-json-v1 }]
                """);

        ConfigDiff diff = ConfigDiff.between(before, loader.load(dir));

        assertThat(diff.partners().added()).containsExactly("police-a");
        assertThat(diff.partners().changed()).containsExactly("gp-a");
        assertThat(diff.routes().changed()).containsExactly("fhir-r4-sink-gp-a");
        assertThat(diff.routes().added()).isEmpty();
        assertThat(ConfigDiff.between(before, before).isEmpty()).isTrue();
    }

    @Test
    void clientCertificatesAreFingerprintsUniqueAcrossPartnersAndAtMostTwo() throws IOException {
        String fingerprint = "c".repeat(64);
        partner("police-a", """
                id: police-a
                name: Police A
                kind: POLICE
                client-certificates: ["%s", "%s"]
                sources: [{ type: rest-json, mapper: police-referral-json-v1 }]
                """.formatted(fingerprint, "AB:".repeat(31) + "AB"));

        ConfigSet set = loader.load(dir);

        assertThat(set.partners().get(0).clientCertificates()).containsExactly(fingerprint, "ab".repeat(32));
        assertThat(set.directory().authenticateCertificate(fingerprint)).hasValueSatisfying(
                p -> assertThat(p.id()).isEqualTo("police-a"));
        assertThat(set.directory().authenticateCertificate("d".repeat(64))).isEmpty();

        partner("police-b", """
                id: police-b
                name: Police B
                kind: POLICE
                client-certificates: ["%s", "not-hex", "%s", "%s"]
                sources: [{ type: rest-json, mapper: police-referral-json-v1 }]
                """.formatted(fingerprint, "e".repeat(64), "f".repeat(64)));
        assertThatThrownBy(() -> loader.load(dir)).isInstanceOfSatisfying(InvalidConfigurationException.class, e ->
                assertThat(e.problems()).extracting(ConfigProblem::partner, ConfigProblem::key).containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("police-b", "client-certificates[1]"),
                        org.assertj.core.groups.Tuple.tuple("police-b", "client-certificates"),
                        org.assertj.core.groups.Tuple.tuple("police-b", "client-certificates")));
    }

    @Test
    void aPartnerBelongsToTheOrganisationItsFileNamesOrElseToItself() throws IOException {
        partner("police-a", """
                id: police-a
                name: Police A
                kind: POLICE
                organisation: demoshire-police
                sources: [{ type: rest-json, mapper: police-referral-json-v1 }]
                """);
        partner("police-b", """
                id: police-b
                name: Police B
                kind: POLICE
                sources: [{ type: rest-json, mapper: police-referral-json-v1 }]
                """);

        ConfigSet set = loader.load(dir);

        assertThat(set.partners()).extracting(p -> p.organisation()).containsExactly("demoshire-police", "police-b");
        assertThat(set.partners().get(0).toPartner().organisation()).isEqualTo("demoshire-police");

        partner("police-b", """
                id: police-b
                name: Police B
                kind: POLICE
                organisation: "Demoshire Police"
                sources: [{ type: rest-json, mapper: police-referral-json-v1 }]
                """);
        assertThatThrownBy(() -> loader.load(dir)).isInstanceOfSatisfying(InvalidConfigurationException.class, e ->
                assertThat(e.problems()).extracting(ConfigProblem::partner, ConfigProblem::key)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("police-b", "organisation")));
    }

    @Test
    void tokenSubjectsIdentifyOnePartnerAndADuplicateNamesFilePartnerAndKey() throws IOException {
        partner("police-a", """
                id: police-a
                name: Police A
                kind: POLICE
                token-subjects: [police-a-client, "urn:test:client:7"]
                sources: [{ type: rest-json, mapper: police-referral-json-v1 }]
                """);

        ConfigSet set = loader.load(dir);

        assertThat(set.directory().authenticateTokenSubject("urn:test:client:7")).hasValueSatisfying(
                p -> assertThat(p.id()).isEqualTo("police-a"));
        assertThat(set.directory().authenticateTokenSubject("police-b-client")).isEmpty();

        partner("police-b", """
                id: police-b
                name: Police B
                kind: POLICE
                token-subjects: [police-a-client, "has space", police-b-client, police-b-client]
                sources: [{ type: rest-json, mapper: police-referral-json-v1 }]
                """);
        assertThatThrownBy(() -> loader.load(dir)).isInstanceOfSatisfying(InvalidConfigurationException.class, e -> {
            assertThat(e.problems()).extracting(ConfigProblem::file, ConfigProblem::partner, ConfigProblem::key)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("partners/police-b.yaml", "police-b", "token-subjects[1]"),
                            org.assertj.core.groups.Tuple.tuple("partners/police-b.yaml", "police-b", "token-subjects[3]"),
                            org.assertj.core.groups.Tuple.tuple("partners/police-b.yaml", "police-b", "token-subjects"));
            assertThat(e.problems()).filteredOn(p -> p.key().equals("token-subjects"))
                    .extracting(ConfigProblem::reason).singleElement().asString().contains("police-a");
        });
    }


    /** A police force sharing with a GP practice, organisations named in the partner files. */
    private static final String AGREEMENT = """
            id: police-gp
            version: %d
            status: ACTIVE
            title: Police referrals to the practice
            owner: {organisation: testshire-police, role: Data Protection Officer}
            parties:
              - {organisation: testshire-police, name: Testshire Police, role: CONTROLLER, regime: PART3}
              - {organisation: gp-a, name: GP A, role: CONTROLLER, regime: UKGDPR}
            effective-from: 2026-01-01
            review-date: 2026-06-01
            expires: 2027-01-01
            flows:
              - id: police-to-gp
                from: %s
                to: gp-a
                purposes: [PATSFTY]
                referral-types: [ADULT_AT_RISK]
                data-items: [referral.envelope, subject.nhs-number, subject.name]
                data-categories: [REFERRAL, IDENTITY]
                lawful-basis: {art6: 6(1)(e), part3: DPA2018-s35+Sch8-para4, common-law: OVERRIDING_PUBLIC_INTEREST}
                consent-rule: ALWAYS
                maximum-decision-wait: PT4H
                classification: {marking: OFFICIAL-SENSITIVE, descriptors: [PERSONAL]}
                retention: {recipient: P6Y, hub-transit: P30D, audit-log: P8Y, disposal: secure-erase}
            """;

    private void policeAndGp() throws IOException {
        partner("police-a", """
                id: police-a
                name: Police A
                kind: POLICE
                organisation: testshire-police
                sources: [{ type: rest-json, mapper: police-referral-json-v1 }]
                """);
        partner("gp-a", """
                id: gp-a
                name: GP A
                kind: HEALTH
                sink: { type: fhir-r4, endpoint: "http://127.0.0.1:9/fhir", mapper: fhir-bars-r4-v1 }
                """);
    }

    @Test
    void agreementsAreReadWithTheOrganisationsOfTheSetsPartners() throws IOException {
        policeAndGp();
        agreement("police-gp.yaml", AGREEMENT.formatted(1, "police-a"));

        ConfigSet set = loader.load(dir);

        assertThat(set.agreements()).singleElement().satisfies(a -> {
            assertThat(a.id()).isEqualTo("police-gp");
            assertThat(a.version()).isEqualTo(1);
            assertThat(a.flows()).extracting(f -> f.from()).containsExactly("police-a");
        });
        assertThat(set.agreement("police-gp", 1)).isPresent();
        assertThat(set.agreement("police-gp", 2)).isEmpty();
        assertThat(set.agreementFiles()).containsEntry("police-gp", "agreements/police-gp.yaml");
        assertThat(new ActiveConfig(set, java.time.Instant.EPOCH).agreements()).hasSize(1);
    }

    @Test
    void everyAgreementProblemIsNamedWithFileAgreementAndKeyAndRefusesTheWholeSet() throws IOException {
        policeAndGp();
        // A date that is no date, and a copy of the file under another name.
        agreement("police-gp.yaml", AGREEMENT.formatted(1, "police-a").replace("expires: 2027-01-01", "expires: soon"));
        agreement("other.yaml", AGREEMENT.formatted(1, "police-a"));

        assertThatThrownBy(() -> loader.load(dir)).isInstanceOfSatisfying(InvalidConfigurationException.class, e -> {
            assertThat(e.problems()).extracting(ConfigProblem::file, ConfigProblem::agreement, ConfigProblem::key)
                    .contains(org.assertj.core.groups.Tuple.tuple("agreements/police-gp.yaml", "police-gp", "expires"),
                            org.assertj.core.groups.Tuple.tuple("agreements/other.yaml", "police-gp", "id"));
            assertThat(e.problems()).extracting(ConfigProblem::toString).contains(
                    "agreements/police-gp.yaml: agreement 'police-gp': expires: not a date (yyyy-mm-dd)",
                    "agreements/other.yaml: agreement 'police-gp': id: must match the file name (<id>.yaml)");
            assertThat(e.problems()).allSatisfy(p -> assertThat(p.partner()).isNull());
        });
    }

    @Test
    void oneAgreementVersionIsDefinedOnce() throws IOException {
        policeAndGp();
        agreement("police-gp.yaml", AGREEMENT.formatted(1, "police-a"));
        agreement("police-gp.yml", AGREEMENT.formatted(1, "police-a"));

        assertThatThrownBy(() -> loader.load(dir)).isInstanceOfSatisfying(InvalidConfigurationException.class, e ->
                assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactly(
                        "agreements/police-gp.yml: agreement 'police-gp': version: version 1 is already defined by agreements/police-gp.yaml"));

        agreement("police-gp.yml", AGREEMENT.formatted(2, "police-a"));
        assertThatThrownBy(() -> loader.load(dir)).isInstanceOfSatisfying(InvalidConfigurationException.class, e ->
                assertThat(e.problems()).extracting(ConfigProblem::key).containsExactly("id"));
    }

    @Test
    void agreementNamingAPartnerOfAnotherFileIsAProblemOfTheAgreementOnly() throws IOException {
        policeAndGp();
        agreement("police-gp.yaml", AGREEMENT.formatted(1, "police-z"));

        assertThatThrownBy(() -> loader.load(dir)).isInstanceOfSatisfying(InvalidConfigurationException.class, e ->
                assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactly(
                        "agreements/police-gp.yaml: agreement 'police-gp': flows[0].from: no partner with this id is configured"));
    }

    @Test
    void diffNamesAgreementsAddedRemovedAndChanged() throws IOException {
        policeAndGp();
        ConfigSet none = loader.load(dir);
        agreement("police-gp.yaml", AGREEMENT.formatted(1, "police-a"));
        ConfigSet first = loader.load(dir);
        agreement("police-gp.yaml", AGREEMENT.formatted(2, "police-a"));
        ConfigSet second = loader.load(dir);

        assertThat(ConfigDiff.between(none, first).agreements().added()).containsExactly("police-gp");
        assertThat(ConfigDiff.between(first, second).agreements().changed()).containsExactly("police-gp");
        assertThat(ConfigDiff.between(first, second).partners().isEmpty()).isTrue();
        assertThat(ConfigDiff.between(second, none).agreements().removed()).containsExactly("police-gp");
        assertThat(ConfigDiff.between(second, loader.load(dir)).isEmpty()).isTrue();
    }

    private void areaPartners() throws IOException {
        policeAndGp();
        partner("council-a", """
                id: council-a
                name: Council A
                kind: COUNCIL
                sink: { type: fhir-r4, endpoint: "http://127.0.0.1:9/council", mapper: fhir-bars-r4-v1 }
                """);
        partner("council-b", """
                id: council-b
                name: Council B
                kind: COUNCIL
                sources: [{ type: rest-json, mapper: police-referral-json-v1 }]
                """);
    }

    @Test
    void areaRoutingTableIsReadIntoTheSetNormalisingCodes() throws IOException {
        areaPartners();
        Files.writeString(dir.resolve("area-routing.yaml"), """
                postcode-districts:
                  nr1: [council-a]
                  SW1A: council-a
                practices:
                  a81001: gp-a
                """);

        ConfigSet set = loader.load(dir);

        assertThat(set.areaRouting().forDistrict("NR1")).containsExactly("council-a");
        assertThat(set.areaRouting().forDistrict("sw1a")).containsExactly("council-a");
        assertThat(set.areaRouting().forPractice("A81001")).isEqualTo("gp-a");
    }

    @Test
    void noAreaRoutingFileGivesAnEmptyTable() throws IOException {
        areaPartners();

        ConfigSet set = loader.load(dir);

        assertThat(set.areaRouting().byPostcodeDistrict()).isEmpty();
        assertThat(set.areaRouting().byPractice()).isEmpty();
    }

    @Test
    void everyAreaRoutingProblemIsNamedWithFileKeyAndReason() throws IOException {
        areaPartners();
        Files.writeString(dir.resolve("area-routing.yaml"), """
                postcode-districts:
                  NR1: [council-a, nobody]
                  NR2: [council-b]
                  NOT A DISTRICT: [council-a]
                  NR3: [gp-a]
                  NR4: [council-a, council-a]
                  nr5: [council-a]
                  NR5: [council-a]
                practices:
                  A81001: council-a
                  123: gp-a
                colour: blue
                """);

        assertThatThrownBy(() -> loader.load(dir)).isInstanceOfSatisfying(InvalidConfigurationException.class, e ->
                assertThat(e.problems()).extracting(Object::toString).containsExactlyInAnyOrder(
                        "area-routing.yaml: colour: unknown key (known: " + Set.of("postcode-districts", "practices") + ")",
                        "area-routing.yaml: partner 'nobody': postcode-districts.NR1: unknown partner",
                        "area-routing.yaml: partner 'council-b': postcode-districts.NR2: partner cannot receive (it has no sink)",
                        "area-routing.yaml: postcode-districts.NOT A DISTRICT: not a postcode district (outward code such as NR1 or SW1A)",
                        "area-routing.yaml: partner 'gp-a': postcode-districts.NR3: partner is HEALTH; expected one of [COUNCIL, MASH]",
                        "area-routing.yaml: partner 'council-a': postcode-districts.NR4: partner listed twice for one district",
                        "area-routing.yaml: postcode-districts.NR5: duplicate of district 'nr5'",
                        "area-routing.yaml: partner 'council-a': practices.A81001: partner is COUNCIL; expected one of [HEALTH]",
                        "area-routing.yaml: practices.123: not a GP practice ODS code (a letter and five digits, such as A81001)"));
    }

    @Test
    void aKeyWrittenTwiceInTheAreaRoutingFileIsRefused() throws IOException {
        areaPartners();
        Files.writeString(dir.resolve("area-routing.yaml"), """
                practices:
                  A81001: gp-a
                  A81001: gp-a
                """);

        assertThatThrownBy(() -> loader.load(dir)).isInstanceOfSatisfying(InvalidConfigurationException.class, e ->
                assertThat(e.problems()).singleElement().satisfies(p -> {
                    assertThat(p.file()).isEqualTo("area-routing.yaml");
                    assertThat(p.reason()).contains("duplicate key A81001");
                }));
    }

    @Test
    void diffNamesAreaRoutingEntriesAddedRemovedAndChanged() throws IOException {
        areaPartners();
        ConfigSet none = loader.load(dir);
        Files.writeString(dir.resolve("area-routing.yaml"), """
                postcode-districts: { NR1: [council-a], NR2: [council-a] }
                practices: { A81001: gp-a }
                """);
        ConfigSet first = loader.load(dir);
        Files.writeString(dir.resolve("area-routing.yaml"), """
                postcode-districts: { NR1: [council-a], NR3: [council-a] }
                """);
        ConfigSet second = loader.load(dir);

        assertThat(ConfigDiff.between(none, first).areas().added())
                .containsExactly("district NR1", "district NR2", "practice A81001");
        ConfigDiff diff = ConfigDiff.between(first, second);
        assertThat(diff.areas().added()).containsExactly("district NR3");
        assertThat(diff.areas().removed()).containsExactly("district NR2", "practice A81001");
        assertThat(diff.partners().isEmpty()).isTrue();
        assertThat(diff.isEmpty()).isFalse();
        assertThat(ConfigDiff.between(second, loader.load(dir)).isEmpty()).isTrue();
    }

    private void agreement(String name, String yaml) throws IOException {
        Files.createDirectories(dir.resolve("agreements"));
        Files.writeString(dir.resolve("agreements").resolve(name), yaml);
    }

    private void partner(String name, String yaml) throws IOException {
        Files.createDirectories(dir.resolve("partners"));
        Files.writeString(dir.resolve("partners").resolve(name + ".yaml"), yaml);
    }
}
