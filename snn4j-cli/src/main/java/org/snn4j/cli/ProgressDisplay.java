package org.snn4j.cli;

import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.snn4j.core.train.Evaluation;
import org.snn4j.core.train.TrainingListener;

/**
 * Shows training progress: on a terminal a progress bar per epoch with loss, accuracy,
 * samples/s and ETA; otherwise (logs, pipes, {@code --no-progress}) a plain line every tenth of an
 * epoch. After every epoch one summary line with the test accuracy.
 */
final class ProgressDisplay implements TrainingListener, AutoCloseable {
    private final PrintWriter out;
    private final boolean bar;
    private TrainingPlan plan;
    private ProgressBar progressBar;
    private int nextPlainReport;

    ProgressDisplay(PrintWriter out, boolean allowBar) {
        this.out = out;
        java.io.Console console = System.console();
        this.bar = allowBar && console != null && console.isTerminal();
    }

    @Override
    public void onTrainingStart(TrainingPlan plan) {
        this.plan = plan;
    }

    @Override
    public void onBatchEnd(BatchReport r) {
        if (r.batch() == 0) {
            startEpoch(r.epoch());
        }
        long remaining = plan.samplesPerEpoch() - r.samples()
                + (long) (plan.epochs() - 1 - r.epoch()) * plan.samplesPerEpoch();
        String runEta = formatSeconds(remaining / Math.max(r.samplesPerSecond(), 1e-9));
        String stats = String.format(Locale.ROOT, "loss %.4f acc %5.2f%% %6.0f samples/s, run ETA %s",
                r.runningLoss(), 100 * r.runningAccuracy(), r.samplesPerSecond(), runEta);
        if (bar) {
            progressBar.stepTo(r.samples());
            progressBar.setExtraMessage(stats);
        } else if (r.batch() + 1 >= nextPlainReport) {
            out.printf(Locale.ROOT, "  epoch %d/%d  %3d%%  %s%n", r.epoch() + 1, plan.epochs(),
                    100 * (r.batch() + 1) / plan.batchesPerEpoch(), stats);
            out.flush();
            nextPlainReport += Math.max(1, plan.batchesPerEpoch() / 10);
        }
    }

    private void startEpoch(int epoch) {
        nextPlainReport = Math.max(1, plan.batchesPerEpoch() / 10);
        if (bar) {
            progressBar = new ProgressBarBuilder()
                    .setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch + 1, plan.epochs()))
                    .setInitialMax(plan.samplesPerEpoch())
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUnit(" samples", 1)
                    .setUpdateIntervalMillis(250)
                    .continuousUpdate()
                    .setConsumer(new ConsoleProgressBarConsumer(System.out))
                    .build();
        }
    }

    @Override
    public void onEpochEnd(EpochReport r) {
        closeBar();
        Evaluation v = r.validation();
        String test = v == null ? "" : String.format(Locale.ROOT, " | test acc %.2f%% loss %.4f", 100 * v.accuracy(), v.loss());
        out.printf(Locale.ROOT, "epoch %d/%d: train loss %.4f acc %.2f%%%s | %.1f s, %.0f samples/s%n",
                r.epoch() + 1, plan.epochs(), r.trainLoss(), 100 * r.trainAccuracy(), test, r.seconds(), r.samplesPerSecond());
        out.flush();
    }

    private void closeBar() {
        if (progressBar != null) {
            progressBar.close();
            progressBar = null;
        }
    }

    static String formatSeconds(double s) {
        if (!Double.isFinite(s)) {
            return "?";
        }
        long t = Math.round(s);
        return t >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60)
                : String.format(Locale.ROOT, "%d:%02d", t / 60, t % 60);
    }

    @Override
    public void close() {
        closeBar();
    }
}
