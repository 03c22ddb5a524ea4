using System.Collections;
using System.Linq.Expressions;
using System.Reflection;
using GanKit.Imaging;
using GanKit.Visuals;
using GanKit.Visuals.Plotly;

namespace GanKit.Tests.Visuals;

public class FormatterConventionTests
{
    public static TheoryData<object> Visuals() =>
    [
        RgbImage.Solid(4, 4, 1, 2, 3),
        ImageGrid.Of([RgbImage.Solid(4, 4, 1, 2, 3)], 1),
        new Animation([RgbImage.Solid(4, 4, 1, 2, 3)]),
        new Figure(new Scatter { Y = new[] { 1.0 } }),
        new Html("<i>hi</i>"),
        new ProgressDisplay("steps", 3, 10),
    ];

    /// <summary>
    /// Discovers formatters exactly as the .NET Interactive kernel does for convention-based sources:
    /// attribute found by class name, FormatterSourceType and PreferredMimeTypes read by property name,
    /// source created with Activator, CreateTypeFormatters() invoked, and each formatter's MimeType, Type
    /// and Format(object, TextWriter) bound through a compiled expression.
    /// </summary>
    private static List<(string Mime, Type Type, Func<object, TextWriter, bool> Format)> DiscoverLikeTheKernel(Type type, out string[]? preferred)
    {
        preferred = null;
        var found = new List<(string, Type, Func<object, TextWriter, bool>)>();
        foreach (var attribute in type.GetCustomAttributes(true).Where(a => a.GetType().Name == "TypeFormatterSourceAttribute"))
        {
            var sourceType = (Type)attribute.GetType().GetProperty("FormatterSourceType")!.GetGetMethod()!.Invoke(attribute, null)!;
            preferred = attribute.GetType().GetProperty("PreferredMimeTypes")!.GetGetMethod()!.Invoke(attribute, null) as string[];
            var source = Activator.CreateInstance(sourceType)!;
            var formatters = (IEnumerable)source.GetType().GetMethod("CreateTypeFormatters")!.Invoke(source, null)!;
            foreach (var formatter in formatters)
            {
                var mime = (string)formatter.GetType().GetProperty("MimeType")!.GetGetMethod()!.Invoke(formatter, null)!;
                var formatted = (Type)formatter.GetType().GetProperty("Type")!.GetGetMethod()!.Invoke(formatter, null)!;
                var method = formatter.GetType().GetMethod("Format")!; // must not be ambiguous
                var value = Expression.Parameter(typeof(object));
                var writer = Expression.Parameter(typeof(TextWriter));
                var call = Expression.Call(Expression.Constant(formatter), method, value, writer);
                found.Add((mime, formatted, Expression.Lambda<Func<object, TextWriter, bool>>(call, value, writer).Compile()));
            }
        }
        return found;
    }

    [Theory]
    [MemberData(nameof(Visuals))]
    public void Visual_types_follow_the_kernel_convention(object visual)
    {
        var formatters = DiscoverLikeTheKernel(visual.GetType(), out var preferred);
        Assert.Equal(["text/html", "text/plain"], preferred!); // text/plain always: every value reads as text
        Assert.Equal(["text/html", "text/plain"], formatters.Select(f => f.Mime));
        Assert.All(formatters, f => Assert.True(f.Type.IsInstanceOfType(visual)));

        var html = new StringWriter();
        Assert.True(formatters[0].Format(visual, html));
        Assert.Equal(((IHtmlVisual)visual).ToHtml().Length > 0, html.ToString().Length > 0);
        var text = new StringWriter();
        Assert.True(formatters[1].Format(visual, text));
        Assert.Equal(visual.ToString(), text.ToString());
        Assert.False(formatters[0].Format("not a visual", new StringWriter()));
    }

    [Fact]
    public void Attribute_has_the_names_the_kernel_looks_up()
    {
        var attribute = typeof(TypeFormatterSourceAttribute);
        Assert.Equal("TypeFormatterSourceAttribute", attribute.Name);
        Assert.NotNull(attribute.GetConstructor([typeof(Type)]));
        Assert.Equal(typeof(Type), attribute.GetProperty("FormatterSourceType")!.PropertyType);
        Assert.Equal(typeof(string[]), attribute.GetProperty("PreferredMimeTypes")!.PropertyType);
        Assert.True(attribute.GetCustomAttribute<AttributeUsageAttribute>()!.Inherited);
    }

    [Fact]
    public void Preferred_mime_types_always_end_with_plain_text()
    {
        Assert.Equal(["text/html", "text/plain"], new TypeFormatterSourceAttribute(typeof(object)) { PreferredMimeTypes = ["text/html"] }.PreferredMimeTypes!);
        Assert.Equal(["text/plain", "text/html"], new TypeFormatterSourceAttribute(typeof(object)) { PreferredMimeTypes = ["text/plain", "text/html"] }.PreferredMimeTypes!);
        Assert.Null(new TypeFormatterSourceAttribute(typeof(object)).PreferredMimeTypes);
    }

    [Fact]
    public void Live_display_outside_a_kernel_shows_nothing_and_keeps_the_last_value()
    {
        var live = LiveDisplay.Show(new ProgressDisplay("steps", 0, 10));
        Assert.False(live.IsShown);
        live.Update(new ProgressDisplay("steps", 10, 10));
        Assert.Equal("steps [####################] 100% (10/10)", live.Value!.ToString());
    }
}
