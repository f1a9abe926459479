/**
 * The exercises, one class per idea in the order of the lessons ({@code Ex01OutputSize} to
 * {@code Ex11Training}): complete each method marked TODO, then run its visible tests
 * ({@code ./mvnw -pl exercises test}) and grade yourself with {@code ./convkit grade}.
 * {@code exercises/README.md} lists them with their lessons.
 */
package convkit.exercises;
