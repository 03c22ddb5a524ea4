using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using GanKit.Imaging;

namespace GanKit.Training.Data.Avatars;

/// <summary>
/// Renders avatars with DiceBear (the avataaars style) and resvg in one Node.js process: factor values go in as
/// pinned DiceBear options, PNGs come back in order. The npm packages live in a folder with <c>node_modules</c>
/// (<c>build/avatars</c> of a GanKit checkout, where <c>environment/setup</c> installs them, or
/// <c>GANKIT_AVATARS_PACKAGES</c>); GanKit writes its small renderer script beside them.
/// </summary>
public sealed class AvatarRenderer : IDisposable
{
    /// <summary>The npm packages the renderer needs, with the versions <c>environment/setup</c> installs.</summary>
    public const string Packages = "@dicebear/core@9.4.3 @dicebear/avataaars@9.4.3 @resvg/resvg-js@2.6.2";

    /// <summary>The environment variable that names the folder holding <c>node_modules</c> with the packages.</summary>
    public const string PackagesVariable = "GANKIT_AVATARS_PACKAGES";

    /// <summary>The environment variable that names the Node.js executable (default: <c>node</c> on the PATH).</summary>
    public const string NodeVariable = "GANKIT_NODE";

    private const string ScriptName = "gankit-render-avatars.mjs";
    private const string ScriptResource = "GanKit.Training.Data.Avatars.render-avatars.mjs";

    private readonly Process _node;
    private readonly StringBuilder _errors = new();
    private readonly Stream _output;
    private bool _disposed;

    private AvatarRenderer(Process node)
    {
        _node = node;
        _output = node.StandardOutput.BaseStream;
        node.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_errors) _errors.AppendLine(e.Data); };
        node.BeginErrorReadLine();
    }

    /// <summary>Starts the renderer.</summary>
    /// <exception cref="InvalidOperationException">Node.js or the npm packages are missing (the message says how to install them).</exception>
    public static AvatarRenderer Start()
    {
        var packages = FindPackages();
        var node = FindNode();
        var script = Path.Combine(packages, ScriptName);
        WriteScript(script);
        var start = new ProcessStartInfo(node)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = packages,
            StandardInputEncoding = new UTF8Encoding(false),
        };
        start.ArgumentList.Add(script);
        try
        {
            return new AvatarRenderer(Process.Start(start) ?? throw new InvalidOperationException($"Could not start '{node}'."));
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"Could not run Node.js ('{node}'): {e.Message}. {NodeHelp}", e);
        }
    }

    /// <summary>
    /// Renders every avatar at <paramref name="size"/>² in order, streaming: requests are written on a background
    /// task while the images are read, so the Node process and the caller work at the same time.
    /// </summary>
    public IEnumerable<RgbImage> Render(IEnumerable<AvatarAttributes> avatars, int size)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        var requests = avatars.ToList(); // small: the count must be known to read the replies
        var writer = Task.Run(() =>
        {
            var input = _node.StandardInput;
            foreach (var avatar in requests)
            {
                var request = new JsonObject { ["size"] = size, ["options"] = AvatarFactors.ToDiceBearOptions(avatar) };
                input.Write(request.ToJsonString());
                input.Write('\n');
            }
            input.Flush();
        });
        var header = new byte[4];
        var finished = false;
        try
        {
        for (var read = 0; read < requests.Count; read++)
        {
            if (!TryReadExactly(header)) throw Failure($"the renderer stopped after {read} of {requests.Count} image(s)");
            var length = BinaryPrimitives.ReadInt32BigEndian(header);
            if (length <= 0 || length > 64 << 20) throw Failure($"the renderer sent a frame of {length} bytes");
            var png = new byte[length];
            if (!TryReadExactly(png)) throw Failure($"the renderer stopped inside image {read}");
            yield return RgbImage.FromBytes(png, $"avatar {read}");
        }
        writer.GetAwaiter().GetResult(); // surfaces a failed write
        finished = true;
        }
        finally
        {
            // Replies left in the pipe would be read as the next call's images: a renderer abandoned mid-way is ended.
            if (!finished) Dispose();
        }
    }

    private bool TryReadExactly(byte[] buffer)
    {
        var done = 0;
        while (done < buffer.Length)
        {
            var n = _output.Read(buffer, done, buffer.Length - done);
            if (n == 0) return false;
            done += n;
        }
        return true;
    }

    private InvalidOperationException Failure(string what)
    {
        _node.WaitForExit(2000);
        string errors;
        lock (_errors) errors = _errors.ToString().Trim();
        return new InvalidOperationException($"Rendering avatars with Node.js failed: {what}" + (errors.Length > 0 ? $": {errors}" : "."));
    }

    /// <summary>Ends the Node process.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        try { _node.StandardInput.Close(); } catch (IOException) { }
        if (!_node.WaitForExit(5000)) { try { _node.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } }
        _node.Dispose();
    }

    private const string NodeHelp = "The avatars dataset is drawn by DiceBear in Node.js: install Node.js 18 or newer " +
                                    "(Debian: apt-get install nodejs npm) or name it with " + NodeVariable + ".";

    private static string FindNode()
    {
        var named = Environment.GetEnvironmentVariable(NodeVariable);
        if (!string.IsNullOrEmpty(named))
            return File.Exists(named) ? named : throw new InvalidOperationException($"{NodeVariable}='{named}' does not exist. {NodeHelp}");
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, OperatingSystem.IsWindows() ? "node.exe" : "node");
            if (File.Exists(candidate)) return candidate;
        }
        throw new InvalidOperationException($"Node.js (node) is not on the PATH. {NodeHelp}");
    }

    /// <summary>The folder whose <c>node_modules</c> holds the packages: <c>GANKIT_AVATARS_PACKAGES</c>, else
    /// <c>build/avatars</c> of the GanKit checkout above the current folder or above GanKit's assembly.</summary>
    internal static string FindPackages()
    {
        var named = Environment.GetEnvironmentVariable(PackagesVariable);
        if (!string.IsNullOrEmpty(named))
        {
            return HasPackages(named) ? Path.GetFullPath(named)
                : throw new InvalidOperationException($"{PackagesVariable}='{named}' has no node_modules/@dicebear/avataaars. {PackagesHelp(named)}");
        }
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "build", "avatars");
                if (HasPackages(candidate)) return candidate;
            }
        }
        throw new InvalidOperationException($"The npm packages that draw avatars are not installed. {PackagesHelp("DIR")}");
    }

    private static string PackagesHelp(string folder) =>
        $"Run environment/setup in the GanKit checkout (it installs them into build/avatars), or `npm install --prefix {folder} {Packages}` " +
        $"and set {PackagesVariable}={folder}.";

    private static bool HasPackages(string folder) =>
        File.Exists(Path.Combine(folder, "node_modules", "@dicebear", "avataaars", "package.json"))
        && File.Exists(Path.Combine(folder, "node_modules", "@dicebear", "core", "package.json"))
        && File.Exists(Path.Combine(folder, "node_modules", "@resvg", "resvg-js", "package.json"));

    /// <summary>Writes the renderer script beside the packages (ES modules resolve imports from the script's folder), atomically.</summary>
    private static void WriteScript(string path)
    {
        using var resource = typeof(AvatarRenderer).Assembly.GetManifestResourceStream(ScriptResource)
                             ?? throw new InvalidOperationException($"GanKit's resource {ScriptResource} is missing.");
        using var memory = new MemoryStream();
        resource.CopyTo(memory);
        var bytes = memory.ToArray();
        if (File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes)) return;
        AtomicFile.WriteAllBytes(path, bytes);
    }
}
