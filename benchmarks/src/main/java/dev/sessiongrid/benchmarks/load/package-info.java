/**
 * The HTTP load generator of run.sh.
 */
@NullMarked
package dev.sessiongrid.benchmarks.load;

import org.jspecify.annotations.NullMarked;
