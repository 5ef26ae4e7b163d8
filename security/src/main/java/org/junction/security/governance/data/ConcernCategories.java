package org.junction.security.governance.data;

import static org.junction.security.governance.data.DataCategory.CRIMINAL_ALLEGATION;
import static org.junction.security.governance.data.DataCategory.DOMESTIC_ABUSE;
import static org.junction.security.governance.data.DataCategory.MENTAL_HEALTH;
import static org.junction.security.governance.data.DataCategory.SOCIAL_CARE;
import static org.junction.security.governance.data.DataCategory.SUBSTANCE_MISUSE;
import static org.junction.security.governance.data.DataCategory.UNCLASSIFIED;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** The data categories a hub concern code reveals. */
public final class ConcernCategories {

    private static final Map<String, Set<DataCategory>> MAP = Map.ofEntries(
            Map.entry("DA", Set.of(DOMESTIC_ABUSE)),
            Map.entry("MH", Set.of(MENTAL_HEALTH)),
            Map.entry("SM", Set.of(SUBSTANCE_MISUSE)),
            Map.entry("ASB", Set.of(CRIMINAL_ALLEGATION)),
            Map.entry("HOMELESS", Set.of(SOCIAL_CARE)),
            Map.entry("HIGH_DEMAND", Set.of(SOCIAL_CARE)),
            Map.entry("SELF_NEGLECT", Set.of(SOCIAL_CARE)),
            Map.entry("MISSING", Set.of(SOCIAL_CARE)),
            Map.entry("EXPLOITATION", Set.of(CRIMINAL_ALLEGATION)),
            Map.entry("HATE", Set.of(CRIMINAL_ALLEGATION)),
            Map.entry("FINANCIAL_ABUSE", Set.of(CRIMINAL_ALLEGATION)),
            Map.entry("HBA_FM_FGM", Set.of(DOMESTIC_ABUSE, CRIMINAL_ALLEGATION)));

    private ConcernCategories() {
    }

    /** The categories of one concern; an unknown code is {@link DataCategory#UNCLASSIFIED}, which nothing permits. */
    public static Set<DataCategory> of(String concern) {
        return MAP.getOrDefault(concern, Set.of(UNCLASSIFIED));
    }

    public static Set<DataCategory> of(Collection<String> concerns) {
        Set<DataCategory> categories = EnumSet.noneOf(DataCategory.class);
        concerns.forEach(c -> categories.addAll(of(c)));
        return categories;
    }
}
