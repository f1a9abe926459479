/**
 * The capstone's training loop on the reference's layers: {@link convkit.train.Models} (LeNet and
 * a tiny network), {@link convkit.train.Trainer} (epochs of SGD, held-out accuracy, time per
 * layer) and {@link convkit.train.ConfusionMatrix}. {@code convkit train} drives it.
 */
package convkit.train;
