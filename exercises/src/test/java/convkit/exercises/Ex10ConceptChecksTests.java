package convkit.exercises;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Visible tests of exercise 10. Only the first question's value is checked here (the notes give
 * it); for the others these tests check that the answer is a Java expression with a whole-number
 * value, and the hidden tests check the value.
 */
class Ex10ConceptChecksTests {

  private static JShell shell;

  @BeforeAll
  static void startShell() {
    shell = JShell.builder().executionEngine("local").build();
  }

  @AfterAll
  static void closeShell() {
    shell.close();
  }

  /** Evaluates {@code expression} as {@code long answer = (expression);} and returns its value. */
  static long evaluate(String question, String expression) {
    assertNotNull(expression, question + " returned null instead of an expression");
    List<SnippetEvent> events = shell.eval("long answer = (" + expression + ");");
    // the event of the snippet itself; others report the previous answer being replaced
    SnippetEvent event = events.stream()
        .filter(e -> e.causeSnippet() == null)
        .findFirst()
        .orElseThrow();
    if (event.exception() != null) {
      fail(question + ": \"" + expression + "\" threw " + event.exception());
    }
    if (event.status() != Snippet.Status.VALID) {
      String why = shell.diagnostics(event.snippet())
          .map(d -> d.getMessage(null))
          .findFirst()
          .orElse("not a Java expression");
      fail(question + ": \"" + expression + "\" is not a whole-number Java expression: " + why);
    }
    return Long.parseLong(event.value());
  }

  @Test
  void fullyConnectedParametersMatchTheNotes() {
    assertEquals(1024L * 1024 * 1000 + 1000,
        evaluate("fullyConnectedParameters", Ex10ConceptChecks.fullyConnectedParameters()),
        "weights: one per (input pixel, output node) pair; biases: one per output node");
  }

  @Test
  void receptiveFieldParametersIsAWholeNumberExpression() {
    evaluate("receptiveFieldParameters", Ex10ConceptChecks.receptiveFieldParameters());
  }

  @Test
  void sharedWeightsParametersIsAWholeNumberExpression() {
    evaluate("sharedWeightsParameters", Ex10ConceptChecks.sharedWeightsParameters());
  }

  @Test
  void featureMapsParametersIsAWholeNumberExpression() {
    evaluate("featureMapsParameters", Ex10ConceptChecks.featureMapsParameters());
  }

  @Test
  void rgbConvLayerParametersIsAWholeNumberExpression() {
    evaluate("rgbConvLayerParameters", Ex10ConceptChecks.rgbConvLayerParameters());
  }

  @Test
  void convOutputWidthIsAWholeNumberExpression() {
    evaluate("convOutputWidth", Ex10ConceptChecks.convOutputWidth());
  }

  @Test
  void stackedReceptiveFieldIsAWholeNumberExpression() {
    evaluate("stackedReceptiveField", Ex10ConceptChecks.stackedReceptiveField());
  }

  @Test
  void maxPoolParametersIsAWholeNumberExpression() {
    evaluate("maxPoolParameters", Ex10ConceptChecks.maxPoolParameters());
  }
}
