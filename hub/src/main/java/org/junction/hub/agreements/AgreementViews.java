package org.junction.hub.agreements;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junction.adapters.config.ActiveConfig;
import org.junction.adapters.config.ConfigLoader;
import org.junction.adapters.config.ConfigProblem;
import org.junction.adapters.config.ConfigSet;
import org.junction.console.admin.PartnerAdministration.ProblemView;
import org.junction.console.agreements.AgreementAdministration;
import org.junction.security.governance.agreement.Agreement;
import org.junction.security.governance.agreement.AgreementApproval;
import org.junction.security.governance.agreement.AgreementStatus;
import org.junction.security.governance.agreement.Flow;
import org.junction.security.governance.agreement.Party;
import org.junction.security.governance.agreement.Standing;
import org.junction.security.identity.Person;
import org.junction.security.identity.Role;

/** Agreements for the admin API: the configured ones with their standing, and approvals. */
public class AgreementViews implements AgreementAdministration {

    private final ActiveConfig config;
    private final AgreementApprovalStore approvals;
    private final CurrentAgreements current;
    private final Clock clock;

    public AgreementViews(ActiveConfig config, AgreementApprovalStore approvals, CurrentAgreements current,
                          Clock clock) {
        this.config = config;
        this.approvals = approvals;
        this.current = current;
        this.clock = clock;
    }

    @Override
    public AgreementList agreements(Person caller) {
        ConfigSet set = config.current();
        List<AgreementApprovalStore.Recorded> recorded = approvals.all();
        List<Agreement> visible = set.agreements().stream().filter(a -> maySee(caller, a)).toList();
        Set<String> visibleIds = visible.stream().map(Agreement::id).collect(Collectors.toSet());
        var refusal = config.lastRefusal();
        // An agreement whose file does not load is not in the set: hub admins see every agreement
        // file's problems, IG leads those of the agreements in force for them under that id.
        List<ProblemView> problems = refusal == null ? List.of() : refusal.problems().stream()
                .filter(AgreementViews::concernsAgreements)
                .filter(p -> caller.roles().contains(Role.HUB_ADMIN) || p.agreement() != null && visibleIds.contains(p.agreement()))
                .map(p -> new ProblemView(p.file(), p.partner(), p.key(), p.reason(), p.agreement()))
                .toList();
        return new AgreementList(visible.stream().map(a -> view(a, set, recorded)).toList(), problems);
    }

    @Override
    public ApprovalOutcome approve(String agreementId, int version, Person caller) {
        ConfigSet set = config.current();
        var agreement = set.agreement(agreementId, version);
        if (agreement.isEmpty()) {
            return new ApprovalOutcome(Result.NOT_FOUND, null);
        }
        // An admin configures agreements; only a party's own IG lead commits that party to one.
        if (!caller.roles().contains(Role.IG_LEAD)) {
            return new ApprovalOutcome(Result.NOT_AN_IG_LEAD, null);
        }
        if (agreement.get().party(caller.organisation()).isEmpty()) {
            return new ApprovalOutcome(Result.NOT_A_PARTY, null);
        }
        // Approving a version its own file has ended would commit the party to nothing, and
        // read later as if it had been agreed.
        AgreementStatus status = agreement.get().status();
        if (status == AgreementStatus.TERMINATED || status == AgreementStatus.EXPIRED) {
            return new ApprovalOutcome(Result.NOT_APPROVABLE, view(agreement.get(), set, approvals.all()));
        }
        boolean recorded = approvals.approve(new AgreementApproval(agreementId, version, caller.organisation()),
                caller.id(), clock.instant());
        current.refresh();
        return new ApprovalOutcome(recorded ? Result.RECORDED : Result.ALREADY_RECORDED,
                view(agreement.get(), set, approvals.all()));
    }

    private static boolean maySee(Person caller, Agreement agreement) {
        return caller.roles().contains(Role.HUB_ADMIN) || caller.roles().contains(Role.IG_LEAD)
                && (caller.hubWide() || agreement.party(caller.organisation()).isPresent());
    }

    static boolean concernsAgreements(ConfigProblem problem) {
        return problem.agreement() != null || problem.file().startsWith(ConfigLoader.AGREEMENTS_DIR + "/");
    }

    private AgreementView view(Agreement agreement, ConfigSet set, List<AgreementApprovalStore.Recorded> recorded) {
        List<AgreementApprovalStore.Recorded> mine = recorded.stream()
                .filter(r -> r.approval().agreementId().equals(agreement.id())
                        && r.approval().version() == agreement.version())
                .toList();
        Set<AgreementApproval> approved = mine.stream().map(AgreementApprovalStore.Recorded::approval)
                .collect(Collectors.toSet());
        Standing standing = agreement.standing(LocalDate.now(clock), approved);
        return new AgreementView(agreement.id(), agreement.version(), agreement.status().name(), agreement.title(),
                set.agreementFiles().get(agreement.id()), agreement.effectiveFrom(), agreement.reviewDate(),
                agreement.expires(), standing.name(), standing.reasonCode(),
                mine.stream().map(r -> new ApprovalView(r.approval().organisation(), r.approvedBy(), r.approvedAt()))
                        .toList(),
                agreement.awaitingApproval(approved).stream().map(Party::organisation).toList(),
                agreement.flows().stream().map(AgreementViews::flow).toList());
    }

    private static FlowView flow(Flow flow) {
        return new FlowView(flow.id(), flow.from(), flow.toPartner() != null ? flow.toPartner() : flow.toKind().name(),
                List.copyOf(new TreeSet<>(flow.purposes())), flow.consentRule().name(),
                flow.dataCategories().stream().map(Enum::name).sorted().toList(), flow.lawfulBasis().codes(),
                flow.retention() == null ? null : new RetentionView(flow.retention().recipient().toString(),
                        flow.retention().hubTransit().toString(), flow.retention().auditLog().toString(),
                        flow.retention().disposal()));
    }
}
