using System.Reflection;

namespace GanKit.Visuals;

/// <summary>
/// An output that a long cell replaces in place while it runs, such as a progress bar, a loss chart or the
/// latest fakes: <c>var bar = LiveDisplay.Show(new ProgressDisplay("training", 0, 100)); ... bar.Update(new ProgressDisplay("training", 40, 100));</c>
/// Works in VS Code (Polyglot Notebooks), Jupyter and nbconvert, and the saved notebook keeps the last value.
/// </summary>
/// <remarks>
/// Why not the kernel's own <c>display(x)</c> handle: in .NET Interactive 1.0.712001 <c>display</c> publishes one
/// <c>DisplayedValue</c> and returns another, with a different display id, so its <c>Update</c> sends
/// <c>update_display_data</c> for an id no output carries; Jupyter and nbconvert drop it and the saved page keeps
/// the first value (a progress bar at 0%). The kernel's <c>KernelInvocationContextExtensions.Display</c> publishes
/// and returns the same value, so updates find their output. GanKit reaches it by reflection: GanKit does not
/// depend on the kernel, and outside a kernel (tests, console programs) nothing is shown.
/// </remarks>
public sealed class LiveDisplay
{
    private readonly object? _displayed;
    private readonly MethodInfo? _update;

    private LiveDisplay(object? value, object? displayed, MethodInfo? update)
    {
        Value = value;
        _displayed = displayed;
        _update = update;
    }

    /// <summary>The value shown now.</summary>
    public object? Value { get; private set; }

    /// <summary>Whether the value is shown in a notebook kernel's cell output (false outside a kernel).</summary>
    public bool IsShown => _displayed is not null;

    /// <summary>Shows <paramref name="value"/> as an output of the running cell and returns the handle that replaces it.</summary>
    /// <param name="value">What to show (any GanKit visual, or anything the kernel can format).</param>
    /// <param name="mimeTypes">Only these MIME types; none: the type's preferred ones (GanKit's visuals: HTML and text).</param>
    public static LiveDisplay Show(object? value, params string[] mimeTypes)
    {
        if (Kernel.Value is not { } kernel || kernel.Current.GetValue(null) is not { } context)
        {
            return new LiveDisplay(value, null, null);
        }
        var displayed = Invoke(kernel.Display, null, [context, value, mimeTypes]);
        return new LiveDisplay(value, displayed, displayed?.GetType().GetMethod("Update", [typeof(object)]));
    }

    /// <summary>Shows <paramref name="value"/> in place of what this output showed.</summary>
    public void Update(object? value)
    {
        Value = value;
        if (_displayed is not null && _update is not null)
        {
            Invoke(_update, _displayed, [value]);
        }
    }

    private static object? Invoke(MethodInfo method, object? target, object?[] arguments)
    {
        try
        {
            return method.Invoke(target, arguments);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            // The formatter's or the kernel's own exception, not the reflection wrapper.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    /// <summary>The kernel's members, when this process is a .NET Interactive kernel; null otherwise.</summary>
    private static readonly Lazy<KernelApi?> Kernel = new(FindKernel);

    private sealed record KernelApi(PropertyInfo Current, MethodInfo Display);

    private static KernelApi? FindKernel()
    {
        var assembly = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == "Microsoft.DotNet.Interactive");
        var contextType = assembly?.GetType("Microsoft.DotNet.Interactive.KernelInvocationContext");
        var current = contextType?.GetProperty("Current", BindingFlags.Public | BindingFlags.Static);
        var display = assembly?.GetType("Microsoft.DotNet.Interactive.KernelInvocationContextExtensions")
            ?.GetMethod("Display", BindingFlags.Public | BindingFlags.Static, [contextType!, typeof(object), typeof(string[])]);
        return current is not null && display is not null ? new KernelApi(current, display) : null;
    }
}
