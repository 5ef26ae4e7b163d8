package org.junction.mappings.police;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junction.mappings.fhir.Fhir;
import org.junction.mappings.problem.MappingException;
import org.junction.mappings.problem.Violation;
import org.junction.mappings.testing.Fixtures;
import org.junction.mappings.testing.GoldenFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PoliceReferralXmlMapperTest {

    private static final String HEAD = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    private static final String ROOT = "<policeReferral xmlns=\"" + PoliceReferralXmlMapper.NAMESPACE + "\">";

    private final PoliceReferralXmlMapper xml = new PoliceReferralXmlMapper();
    private final PoliceReferralJsonMapper json = new PoliceReferralJsonMapper();

    @Test
    void isRegisteredUnderItsFormatId() {
        assertThat(xml.id()).isEqualTo("police-referral-xml-v1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"full-every-field-non-ascii-several-related-persons", "domestic-abuse-consent-given",
            "mental-health-no-nhs-number-consent-not-asked", "minimal-required-fields-only",
            "police-codes-translated-official-marking", "maximum-field-sizes", "adult-at-risk-consent-refused"})
    void theSameContentAsJsonAndAsXmlGivesIdenticalBundles(String fixture) {
        byte[] asJson = GoldenFiles.read(GoldenFiles.dir(PoliceReferralJsonMapper.ID).resolve(fixture).resolve("input.json"));
        byte[] asXml = GoldenFiles.read(GoldenFiles.dir(PoliceReferralXmlMapper.ID).resolve(fixture).resolve("input.xml"));

        assertThat(Fhir.toJson(xml.map(asXml, Fixtures.CONTEXT))).isEqualTo(Fhir.toJson(json.map(asJson, Fixtures.CONTEXT)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad-grade-lowered-future-dates", "bad-unknown-concern-code", "bad-nhs-number-fails-modulus-11"})
    void theSameBadContentBreaksTheSameRulesInBothFormats(String fixture) {
        byte[] asJson = GoldenFiles.read(GoldenFiles.dir(PoliceReferralJsonMapper.ID).resolve(fixture).resolve("input.json"));
        byte[] asXml = GoldenFiles.read(GoldenFiles.dir(PoliceReferralXmlMapper.ID).resolve(fixture).resolve("input.xml"));

        MappingException fromJson = catchThrowableOfType(() -> json.map(asJson, Fixtures.CONTEXT), MappingException.class);
        MappingException fromXml = catchThrowableOfType(() -> xml.map(asXml, Fixtures.CONTEXT), MappingException.class);

        assertThat(fromXml.violations()).containsExactlyInAnyOrderElementsOf(fromJson.violations());
        assertThat(fromXml.mapperId()).isEqualTo(PoliceReferralXmlMapper.ID);
    }

    @Test
    void anExternalEntityIsRefusedAndNothingIsFetched(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "Quillfeather-secret");
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(300);
            AtomicInteger connections = new AtomicInteger();
            String url = "http://127.0.0.1:" + server.getLocalPort() + "/entity";
            List<String> payloads = List.of(
                    "<!DOCTYPE policeReferral [<!ENTITY x SYSTEM \"" + url + "\">]>" + ROOT + "<sourceRef>&x;</sourceRef></policeReferral>",
                    "<!DOCTYPE policeReferral [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>" + ROOT + "<sourceRef>&x;</sourceRef></policeReferral>",
                    "<!DOCTYPE policeReferral [<!ENTITY % p SYSTEM \"" + url + "\"> %p;]>" + ROOT + "</policeReferral>",
                    "<!DOCTYPE policeReferral SYSTEM \"" + url + "\">" + ROOT + "</policeReferral>",
                    HEAD.strip() + ROOT.replace(">", " xmlns:xi=\"http://www.w3.org/2001/XInclude\">")
                            + "<xi:include href=\"" + url + "\"/></policeReferral>");

            for (String payload : payloads) {
                MappingException e = catchThrowableOfType(() -> xml.map(payload.getBytes(UTF_8), Fixtures.CONTEXT),
                        MappingException.class);
                assertThat(e).as(payload).isNotNull();
                assertThat(e.kind()).isEqualTo(Violation.Kind.MALFORMED);
                assertThat(e.getMessage()).doesNotContain("Quillfeather");
                connections.addAndGet(acceptedWithin(server));
            }

            assertThat(connections).as("connections made to the entity's address").hasValue(0);
        }
    }

    @Test
    void aDoctypeIsRefusedByNameSoTheSenderKnowsWhy() {
        byte[] input = (HEAD + "<!DOCTYPE policeReferral []>" + ROOT + "</policeReferral>").getBytes(UTF_8);

        MappingException e = catchThrowableOfType(() -> xml.map(input, Fixtures.CONTEXT), MappingException.class);

        assertThat(e.violations()).singleElement()
                .satisfies(v -> assertThat(v.reason()).contains("DOCTYPE"))
                .satisfies(v -> assertThat(v.kind()).isEqualTo(Violation.Kind.MALFORMED));
    }

    @Test
    void violationsNeverRepeatInputValues() {
        List<String> inputs = List.of(
                HEAD + ROOT + "<sourceRef>Wobblethorpe</sourceRef><narrative>Marmaduke <b></narrative></policeReferral>",
                HEAD + ROOT + "<sourceRef>Wobblethorpe</sourceRef><referralType>Marmaduke</referralType></policeReferral>",
                new String(GoldenFiles.read(GoldenFiles.dir(PoliceReferralXmlMapper.ID)
                        .resolve("domestic-abuse-consent-given").resolve("input.xml")), UTF_8)
                        .replace("<concern>MH</concern>", "<concern>Snorkelwick</concern>")
                        .replace("999 000 0018", "999 000 0019"));
        for (String input : inputs) {
            MappingException e = catchThrowableOfType(() -> xml.map(input.getBytes(UTF_8), Fixtures.CONTEXT),
                    MappingException.class);
            List<String> said = new ArrayList<>(List.of(e.getMessage()));
            e.violations().forEach(v -> said.addAll(List.of(v.field(), v.reason())));
            assertThat(said).noneMatch(t -> t.contains("Wobblethorpe") || t.contains("Marmaduke")
                    || t.contains("Snorkelwick") || t.contains("9990000019"));
        }
    }

    @Test
    void leavesTheInputBytesUntouchedAndIsRepeatable() {
        byte[] input = GoldenFiles.read(GoldenFiles.dir(PoliceReferralXmlMapper.ID)
                .resolve("full-every-field-non-ascii-several-related-persons").resolve("input.xml"));
        byte[] copy = input.clone();

        String first = Fhir.toJson(xml.map(input, Fixtures.CONTEXT));

        assertThat(input).isEqualTo(copy);
        assertThat(Fhir.toJson(xml.map(input, Fixtures.CONTEXT))).isEqualTo(first);
    }

    private static int acceptedWithin(ServerSocket server) throws IOException {
        try (Socket ignored = server.accept()) {
            return 1;
        } catch (SocketTimeoutException none) {
            return 0;
        }
    }
}
