/**
 * Benchmark programs: each prints its figures, as ratios against a baseline measured in
 * the same run.
 */
@NullMarked
package dev.sessiongrid.benchmarks;

import org.jspecify.annotations.NullMarked;
