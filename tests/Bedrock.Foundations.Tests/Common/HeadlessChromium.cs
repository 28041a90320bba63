using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Bedrock.Foundations.Tests.Common;

/// <summary>
/// Takes screenshots of local files with a headless Chromium found on the PATH (Debian's <c>chromium</c> package, or a
/// <c>chromium-browser</c>). Each screenshot runs one browser process with a fresh profile, no network access of its own
/// (background networking, component updates, sync and QUIC off) and a device scale factor of 1, so the PNG is exactly
/// the window size.
/// </summary>
internal static class HeadlessChromium
{
    /// <summary>How to get a browser, for skip and failure messages.</summary>
    public const string InstallHint = "install Debian's chromium package (apt-get install -y chromium)";

    /// <summary>The full path of chromium or chromium-browser on the PATH; null when neither is there.</summary>
    public static string? Find()
    {
        string[] directories = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (string name in (string[])["chromium", "chromium-browser"])
        {
            foreach (string directory in directories)
            {
                string candidate = Path.Combine(directory, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Opens <paramref name="page"/> in <paramref name="browser"/> at <paramref name="width"/> × <paramref name="height"/>
    /// and writes a PNG screenshot to <paramref name="screenshot"/>. The profile lives in a new directory under
    /// <paramref name="scratch"/>, which the caller owns.
    /// </summary>
    /// <exception cref="TimeoutException">The browser did not finish within <paramref name="timeout"/>; it has been killed.
    /// This is a guard against a hung process, not a performance assertion.</exception>
    /// <exception cref="InvalidOperationException">The browser failed or wrote no screenshot (its output is in the message).</exception>
    public static void Screenshot(string browser, string page, string screenshot, int width, int height, string scratch, TimeSpan timeout)
    {
        string profile = Directory.CreateDirectory(Path.Combine(scratch, "profile-" + Path.GetRandomFileName())).FullName;
        var start = new ProcessStartInfo(browser)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // "--headless" is the new headless mode since Chromium 132 (the old one is a separate binary now); Debian's 156
        // gives the same result with "--headless=new".
        foreach (string argument in (string[])[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
            "--disable-dev-shm-usage", "--force-device-scale-factor=1",
            "--user-data-dir=" + profile,
            string.Create(CultureInfo.InvariantCulture, $"--window-size={width},{height}"),
            "--screenshot=" + screenshot,
            new Uri(Path.GetFullPath(page)).AbsoluteUri])
        {
            start.ArgumentList.Add(argument);
        }

        var output = new StringBuilder();
        void Collect(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is not null)
            {
                lock (output)
                {
                    output.AppendLine(e.Data);
                }
            }
        }

        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += Collect;
        process.ErrorDataReceived += Collect;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException(string.Create(
                CultureInfo.InvariantCulture, $"{browser} did not finish within {timeout.TotalSeconds} s and was killed.\n{Tail(output)}"));
        }

        process.WaitForExit(); // drains the redirected output
        if (process.ExitCode != 0 || !File.Exists(screenshot))
        {
            throw new InvalidOperationException(string.Create(
                CultureInfo.InvariantCulture, $"{browser} exited with {process.ExitCode} and wrote {(File.Exists(screenshot) ? "a" : "no")} screenshot.\n{Tail(output)}"));
        }
    }

    private static string Tail(StringBuilder output)
    {
        lock (output)
        {
            string[] lines = output.ToString().Split('\n');
            return string.Join('\n', lines[Math.Max(0, lines.Length - 30)..]);
        }
    }
}
