/** The exercises: complete each method marked TODO, then run its visible tests. */
package convkit.exercises;
