package io.bloatscope.report.analyze;

import io.bloatscope.report.model.Verdict;

/**
 * One detector per verdict kind: a verdict with evidence and confidence, or none. Whether it
 * found something or not, it tells the {@link Assessment} which ledger parts it judged and which
 * it could not (and why): "no verdict" must never be mistaken for "nothing wrong".
 */
interface Detector {
    Verdict detect(RunView run, Assessment assessment);
}
