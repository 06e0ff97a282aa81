package io.bloatscope.report.check;

import io.bloatscope.report.model.Diagnosis;
import io.bloatscope.report.model.LedgerPart;
import io.bloatscope.report.model.Verdict;
import io.bloatscope.report.model.VerdictKind;
import io.bloatscope.report.model.VerdictOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The outcome that keeps {@code check} from passing a run it could not judge: present exactly when
 * the run's first verdict (in {@link VerdictOrder}) is INCONCLUSIVE. Named after the parts not
 * judged, so a CI system lists it as e.g. {@code INCONCLUSIVE JAVA_HEAP}; its summary names each
 * part, why it was not judged and the step that settles it, because that is what a CI user reads
 * first (the JUnit failure message).
 */
final class InconclusiveRun {
    private InconclusiveRun() {
    }

    /** The INCONCLUSIVE verdict that decides the check, or null when the first verdict is another. */
    static Verdict deciding(Diagnosis run) {
        if (run.verdicts.isEmpty()) {
            return null;
        }
        Verdict first = VerdictOrder.sorted(run.verdicts).get(0);
        return first.kind == VerdictKind.INCONCLUSIVE ? first : null;
    }

    static CheckOutcome outcome(Verdict verdict, boolean passes) {
        String name = VerdictKind.INCONCLUSIVE.name() + (verdict.notJudged.isEmpty() ? ""
                : " " + verdict.notJudged.stream().map(part -> part.part).distinct().collect(Collectors.joining("+")));
        List<String> details = new ArrayList<>();
        details.add(String.format(Locale.ROOT, "suspicion at confidence %.2f: %s", verdict.confidence, verdict.summary));
        details.addAll(Check.verdictDetails(verdict));
        details.add(passes ? "passed only because of --inconclusive pass"
                : "exit 3: take the step above, or let such runs pass with --inconclusive pass");
        return new CheckOutcome(name, passes, true, summary(verdict), details);
    }

    /** "Java heap (resident) not judged (no collection after warm-up): run with liveSet=exit; …" */
    private static String summary(Verdict verdict) {
        if (verdict.notJudged.isEmpty()) {
            return "could not judge the run: " + verdict.summary;
        }
        return verdict.notJudged.stream()
                .map(part -> LedgerPart.labelOf(part.part) + " not judged (" + part.reason + "): " + part.remedy)
                .collect(Collectors.joining("; "));
    }
}
