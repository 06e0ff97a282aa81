package io.bloatscope.report.analyze;

import io.bloatscope.report.model.Verdict;
import java.util.List;

/** One detector per verdict kind: a verdict with evidence and confidence, or none when it cannot judge. */
interface Detector {
    /** @param notes receives what this detector could not judge and why */
    Verdict detect(RunView run, List<String> notes);
}
