package org.snn4j.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.snn4j.core.Version;
import org.snn4j.core.kernel.Simd;

/**
 * The machine and software a benchmark ran on, for {@code results.json}: CPU model (from
 * {@code /proc/cpuinfo}, "unknown" elsewhere), logical cores, JDK, SIMD width, snn4j version and
 * the git commit of the checkout the launcher runs from ({@code -Dsnn4j.home}; "unknown" without
 * git), with {@code +dirty} when tracked files differ from it.
 */
final class Environment {
    private Environment() {
    }

    static Map<String, Object> capture() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpu", cpuModel());
        m.put("logical_cores", Runtime.getRuntime().availableProcessors());
        m.put("max_heap_mib", Runtime.getRuntime().maxMemory() >> 20);
        m.put("jdk", System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.put("simd", Simd.describe());
        m.put("snn4j", Version.get());
        m.put("git_commit", gitCommit());
        return m;
    }

    static String cpuModel() {
        Path info = Path.of("/proc/cpuinfo");
        try {
            if (Files.isReadable(info)) {
                for (String line : Files.readAllLines(info, StandardCharsets.UTF_8)) {
                    if (line.startsWith("model name")) {
                        return line.substring(line.indexOf(':') + 1).trim();
                    }
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return "unknown";
    }

    static String gitCommit() {
        String home = System.getProperty("snn4j.home", ".");
        String head = git(home, "rev-parse", "HEAD");
        if (head == null || head.isBlank()) {
            return "unknown";
        }
        String status = git(home, "status", "--porcelain", "--untracked-files=no");
        return head.trim() + (status != null && !status.isBlank() ? "+dirty" : "");
    }

    /** Output of {@code git -C dir args…}, or null when git is missing, fails or takes over 10 s. */
    private static String git(String dir, String... args) {
        String[] cmd = new String[args.length + 3];
        cmd[0] = "git";
        cmd[1] = "-C";
        cmd[2] = dir;
        System.arraycopy(args, 0, cmd, 3, args.length);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(false).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return null;
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
