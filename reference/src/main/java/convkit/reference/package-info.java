/**
 * The readable reference implementation of convolution layers: every operation as plain,
 * commented loops a student can follow next to its lesson.
 */
package convkit.reference;
