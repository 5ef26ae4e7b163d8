package org.junction.mappings.fhir.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.LenientErrorHandler;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.hl7.fhir.common.hapi.validation.support.CachingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.UnknownCodeSystemWarningValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.junction.mappings.fhir.Fhir;
import org.junction.mappings.fhir.validation.ValidationReport.Issue;
import org.junction.mappings.fhir.validation.ValidationReport.Severity;

/**
 * HAPI instance validation of R4 resources against base R4 and, optionally, the profiles of a
 * FHIR package directory (UK Core, a partner's own package). A resource is checked against every
 * profile it declares in {@code meta.profile}.
 *
 * <p>An instance is expensive: building it parses the package, and the first validation
 * generates snapshots for every profile it touches (seconds). Build one per process and
 * {@link #warm()} it at start; after that it is thread-safe and a validation takes milliseconds.
 *
 * <p>Terminology is checked offline. Codes from code systems the chain cannot expand, SNOMED CT
 * above all, are reported as warnings rather than errors: the validator cannot tell a wrong SNOMED
 * code from a right one without a terminology server, so an error would only say "not checked".
 * The same goes for a profile that base R4 validation is asked about but cannot know, and for
 * HAPI's over-strict check of R4's preferred {@code languages} binding.
 */
public final class FhirValidator {

    // HAPI annotates locations with the resource's type and id ("resource/*Patient/123*/"); the path alone is clearer.
    private static final Pattern RESOURCE_COMMENT = Pattern.compile("/\\*.*?\\*/");
    private static final String SNOMED = "http://snomed.info/sct";
    // R4 binds this value set as preferred wherever it is used (the maximum is all-languages), yet
    // HAPI's built-in check of it reports any tag outside its short list, such as "ga", as an error.
    private static final String R4_LANGUAGES_VALUE_SET = "http://hl7.org/fhir/ValueSet/languages";
    private static final String PROFILE_NOT_FOUND = "Failed to retrieve profile";
    private static final String CORE_PREFIX = "http://hl7.org/fhir/StructureDefinition/";
    private static final Set<String> CONFORMANCE_TYPES = Set.of("StructureDefinition", "ValueSet", "CodeSystem",
            "ConceptMap");
    // Package metadata that sits beside the resources and is not itself a FHIR resource.
    private static final Set<String> PACKAGE_METADATA = Set.of("package.json", ".index.json");

    private final ca.uhn.fhir.validation.FhirValidator validator;
    private final PrePopulatedValidationSupport packages;
    private final int packageResources;

    private FhirValidator(PrePopulatedValidationSupport packages, int packageResources) {
        FhirContext context = Fhir.context();
        this.packages = packages;
        this.packageResources = packageResources;

        UnknownCodeSystemWarningValidationSupport unknownCodeSystems = new UnknownCodeSystemWarningValidationSupport(context);
        unknownCodeSystems.setNonExistentCodeSystemSeverity(IValidationSupport.IssueSeverity.WARNING);

        List<IValidationSupport> supports = new ArrayList<>();
        supports.add(new DefaultProfileValidationSupport(context));
        if (packages != null) {
            supports.add(packages);
        }
        supports.add(new CommonCodeSystemsTerminologyService(context));
        supports.add(new InMemoryTerminologyServerValidationSupport(context));
        supports.add(new SnapshotGeneratingValidationSupport(context));
        supports.add(unknownCodeSystems);
        // HAPI 8's chain caches by itself and deprecates this wrapper; it stays as the one explicit,
        // named cache the rest of the hub is told about, and costs nothing measurable.
        @SuppressWarnings("deprecation")
        IValidationSupport chain = new CachingValidationSupport(new ValidationSupportChain(supports));

        FhirInstanceValidator instanceValidator = new FhirInstanceValidator(chain);
        // Base R4 validation cannot know any profile, so a declared one is only "not checked"; once a
        // package is configured, a declared profile it lacks is a mistake (a mistyped URL) and an error.
        instanceValidator.setErrorForUnknownProfiles(packages != null);
        this.validator = context.newValidator().registerValidatorModule(instanceValidator);
    }

    /** Validation against the base R4 specification only. */
    public static FhirValidator baseR4() {
        return new FhirValidator(null, 0);
    }

    /**
     * Validation against base R4 plus every StructureDefinition, ValueSet, CodeSystem and
     * ConceptMap found (as XML or JSON) anywhere under {@code packageDirectory}.
     *
     * @throws UncheckedIOException     when the directory cannot be read
     * @throws IllegalArgumentException when the directory does not exist or a file is not FHIR
     */
    public static FhirValidator withPackages(Path packageDirectory) {
        Objects.requireNonNull(packageDirectory, "packageDirectory");
        if (!Files.isDirectory(packageDirectory)) {
            throw new IllegalArgumentException("not a FHIR package directory: " + packageDirectory);
        }
        PrePopulatedValidationSupport support = new PrePopulatedValidationSupport(Fhir.context());
        int loaded = 0;
        List<Path> files;
        try (Stream<Path> walk = Files.walk(packageDirectory)) {
            files = walk.filter(Files::isRegularFile).filter(FhirValidator::isResourceFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path file : files) {
            IBaseResource resource = parse(file);
            if (CONFORMANCE_TYPES.contains(Fhir.context().getResourceType(resource))) {
                support.addResource(resource);
                loaded++;
            }
        }
        return new FhirValidator(support, loaded);
    }

    /** How many conformance resources the package directory contributed; 0 for {@link #baseR4()}. */
    public int packageResourceCount() {
        return packageResources;
    }

    /**
     * Validates a small message Bundle so that snapshots, the terminology caches and the core
     * definitions are built now rather than on the first real call. Where the package has
     * profiles for the Bundle's resources, it declares them, so those snapshots are built too.
     *
     * @return this validator, for chaining at construction
     */
    public FhirValidator warm() {
        validate(warmingBundle());
        return this;
    }

    public ValidationReport validate(IBaseResource resource) {
        Objects.requireNonNull(resource, "resource");
        ValidationResult result = validator.validateWithResult(resource);
        List<Issue> errors = new ArrayList<>();
        List<Issue> warnings = new ArrayList<>();
        for (SingleValidationMessage message : result.getMessages()) {
            ResultSeverityEnum severity = message.getSeverity();
            if (severity == ResultSeverityEnum.ERROR || severity == ResultSeverityEnum.FATAL) {
                if (isUncheckableTerminology(message) || isUnknownProfileWithoutPackages(message)) {
                    warnings.add(issue(message, Severity.WARNING));
                } else {
                    errors.add(issue(message, Severity.ERROR));
                }
            } else if (severity == ResultSeverityEnum.WARNING) {
                warnings.add(issue(message, Severity.WARNING));
            }
        }
        return new ValidationReport(errors, warnings);
    }

    /**
     * A binding failure that only means "could not be checked offline": the code's system is SNOMED
     * CT, or the value set could not be expanded. A wrong code from a value set the chain can
     * expand (an R4 required binding such as {@code Bundle.type}) stays an error.
     */
    private static boolean isUncheckableTerminology(SingleValidationMessage message) {
        String text = Optional.ofNullable(message.getMessage()).orElse("");
        String lower = text.toLowerCase(Locale.ROOT);
        return text.contains(SNOMED)
                || text.contains(R4_LANGUAGES_VALUE_SET + " ") || text.endsWith(R4_LANGUAGES_VALUE_SET)
                || lower.contains("unable to expand")
                || lower.contains("unknown code system")
                || lower.contains("could not be found, so the code cannot be validated");
    }

    private boolean isUnknownProfileWithoutPackages(SingleValidationMessage message) {
        return packages == null && Optional.ofNullable(message.getMessage()).orElse("").contains(PROFILE_NOT_FOUND);
    }

    private static Issue issue(SingleValidationMessage message, Severity severity) {
        String location = message.getLocationString() == null
                ? "$"
                : RESOURCE_COMMENT.matcher(message.getLocationString()).replaceAll("");
        String text = message.getMessage() == null ? "" : message.getMessage();
        return new Issue(location, text, message.getMessageId(), severity);
    }

    private static boolean isResourceFile(Path file) {
        String name = file.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        return !PACKAGE_METADATA.contains(name) && !name.startsWith(".")
                && (lower.endsWith(".xml") || lower.endsWith(".json"));
    }

    private static IBaseResource parse(Path file) {
        boolean xml = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".xml");
        IParser parser = xml ? Fhir.context().newXmlParser() : Fhir.context().newJsonParser();
        // Published packages carry the odd element a strict parse would refuse; they are trusted input.
        parser.setParserErrorHandler(new LenientErrorHandler(false));
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parser.parseResource(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("not a FHIR resource: " + file, e);
        }
    }

    private Bundle warmingBundle() {
        Patient patient = new Patient();
        patient.setId("warm-patient");
        patient.addName().setUse(HumanName.NameUse.OFFICIAL).setFamily("Warm").addGiven("Up");
        patient.setGender(Enumerations.AdministrativeGender.UNKNOWN);

        ServiceRequest request = new ServiceRequest();
        request.setId("warm-service-request");
        request.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
        request.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
        request.setSubject(new Reference("urn:uuid:0b7f3c55-3c55-4c55-8c55-0b7f3c553c01"));

        MessageHeader header = new MessageHeader();
        header.setId("warm-message-header");
        header.setEvent(new Coding("https://fhir.nhs.uk/CodeSystem/message-events-bars", "servicerequest-request", null));
        header.getSource().setEndpoint("urn:junction:warm-up");
        header.addFocus(new Reference("urn:uuid:0b7f3c55-3c55-4c55-8c55-0b7f3c553c02"));

        Bundle bundle = new Bundle();
        bundle.setType(Bundle.BundleType.MESSAGE);
        bundle.getIdentifier().setSystem("urn:ietf:rfc:3986").setValue("urn:uuid:0b7f3c55-3c55-4c55-8c55-0b7f3c553c00");
        bundle.setTimestampElement(new org.hl7.fhir.r4.model.InstantType("2026-01-01T00:00:00Z"));
        addWarmEntry(bundle, "urn:uuid:0b7f3c55-3c55-4c55-8c55-0b7f3c553c03", header);
        addWarmEntry(bundle, "urn:uuid:0b7f3c55-3c55-4c55-8c55-0b7f3c553c02", request);
        addWarmEntry(bundle, "urn:uuid:0b7f3c55-3c55-4c55-8c55-0b7f3c553c01", patient);
        profileFor("Bundle").ifPresent(bundle.getMeta()::addProfile);
        return bundle;
    }

    private void addWarmEntry(Bundle bundle, String fullUrl, Resource resource) {
        profileFor(resource.fhirType()).ifPresent(resource.getMeta()::addProfile);
        bundle.addEntry().setFullUrl(fullUrl).setResource(resource);
    }

    // The package's direct profile of a core resource type (UKCore-Patient for Patient), if it has one.
    private Optional<String> profileFor(String type) {
        if (packages == null) {
            return Optional.empty();
        }
        List<IBaseResource> definitions = packages.fetchAllStructureDefinitions();
        return definitions.stream()
                .filter(StructureDefinition.class::isInstance)
                .map(StructureDefinition.class::cast)
                .filter(sd -> sd.getKind() == StructureDefinition.StructureDefinitionKind.RESOURCE)
                .filter(sd -> sd.getDerivation() == StructureDefinition.TypeDerivationRule.CONSTRAINT)
                .filter(sd -> type.equals(sd.getType()) && (CORE_PREFIX + type).equals(sd.getBaseDefinition()))
                .map(StructureDefinition::getUrl)
                .min(Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder()));
    }
}
