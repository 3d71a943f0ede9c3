/**
 * The report of run.sh: tables, medians, the ratio table against the goals, the chart's
 * data.
 */
@NullMarked
package dev.sessiongrid.benchmarks.report;

import org.jspecify.annotations.NullMarked;
