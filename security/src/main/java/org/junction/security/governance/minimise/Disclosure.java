package org.junction.security.governance.minimise;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.junction.mappings.canonical.ReferralModel;
import org.junction.security.governance.data.DataCategory;
import org.junction.security.governance.data.DataItem;

/**
 * What one recipient gets of a referral, and exactly what it does not.
 *
 * <p>Only items the referral actually holds are listed. An item can be both disclosed and
 * withheld when part of it was withheld: some concerns, or one related person of a role but not
 * another. A reduced item is listed in its reduced form (the postcode district was disclosed, the
 * address withheld).
 *
 * @param referral            the minimised referral: the only thing the recipient may be sent
 * @param disclosedCategories categories of everything disclosed
 * @param withheldCategories  categories the referral holds that nothing disclosed carries: what the
 *                            recipient learns nothing about
 * @param withheldConcerns    concern codes dropped because the flow does not permit their categories
 * @param related             each related person (children, alleged perpetrator, carers...) as assessed, in referral order
 */
public record Disclosure(ReferralModel referral, Set<DataItem> disclosedItems, Set<DataCategory> disclosedCategories,
                         Set<DataItem> withheldItems, Set<DataCategory> withheldCategories,
                         List<String> withheldConcerns, List<RelatedAssessment> related) {

    /**
     * How one person other than the subject was assessed: their data goes only where the flow
     * allows their role's item and every category it holds (CHILD for anyone under 18).
     *
     * @param index position among the referral's related persons
     */
    public record RelatedAssessment(int index, String role, boolean child, boolean disclosed) {
    }

    public Disclosure {
        Objects.requireNonNull(referral, "referral");
        disclosedItems = copy(disclosedItems, DataItem.class);
        disclosedCategories = copy(disclosedCategories, DataCategory.class);
        withheldItems = copy(withheldItems, DataItem.class);
        withheldCategories = copy(withheldCategories, DataCategory.class);
        withheldConcerns = List.copyOf(withheldConcerns);
        related = List.copyOf(related);
    }

    /** How many related persons the recipient gets. */
    public int relatedDisclosed() {
        return (int) related.stream().filter(RelatedAssessment::disclosed).count();
    }

    /** How many related persons were redacted. */
    public int relatedWithheld() {
        return related.size() - relatedDisclosed();
    }

    /** Whether the recipient gets any special category (Art 9) data. */
    public boolean specialCategory() {
        return disclosedCategories.stream().anyMatch(DataCategory::specialCategory);
    }

    /** Whether the recipient gets any criminal offence (Art 10) data. */
    public boolean criminalOffence() {
        return disclosedCategories.stream().anyMatch(DataCategory::criminalOffence);
    }

    // Sorted in catalogue order, so records and golden files are stable.
    private static <E extends Enum<E>> Set<E> copy(Set<E> values, Class<E> type) {
        return values.isEmpty() ? Set.of() : java.util.Collections.unmodifiableSet(EnumSet.copyOf(values));
    }
}
