using System.Collections;
using System.Linq.Expressions;
using System.Reflection;
using GanKit.Imaging;
using GanKit.Notebooks;
using GanKit.Torch;
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
        Assert.Equal(["text/html"], preferred!);
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
    public void Runner_formatter_uses_any_type_that_follows_the_convention()
    {
        var value = new Foreign.Thing();
        var formatted = ValueFormatter.Format(value);
        Assert.Equal("<em>thing</em>", formatted.Html);
        Assert.Equal("Thing!", formatted.PlainText); // no text/plain formatter: ToString()
        Assert.Equal([new KeyValuePair<string, string>("text/plain", "Thing!")], ValueFormatter.Format(value, "text/plain").Data);
    }

    [Fact]
    public void Runner_formatter_shows_tensors_with_TorchSharps_own_kernel_formatters()
    {
        // TorchSharp's Tensor carries the convention attribute itself, so the runner shows a tensor as the kernel does.
        TorchRuntime.EnsureInitialized();
        using var small = torch.tensor(new[] { 0.5f, -1.25f, 3, 4, 5, 6 }, 2, 3);
        var formatted = ValueFormatter.Format(small);
        Assert.StartsWith("[2x3], type = Float32, device = cpu", formatted.PlainText);
        Assert.Contains("-1.25", formatted.PlainText);
        Assert.Equal(small.ToString(TensorStringStyle.Default), formatted.PlainText);
        Assert.Equal($"<div><pre>{formatted.PlainText}</pre></div>", formatted.Html);
    }

    [Fact]
    public void Runner_formatter_falls_back_to_escaped_text_and_shows_visual_sequences_side_by_side()
    {
        var plain = ValueFormatter.Format("a < b");
        Assert.Equal("<pre>a &lt; b</pre>", plain.Html);
        Assert.Equal("a < b", plain.PlainText);
        Assert.Equal("[1, 2, 3]", ValueFormatter.Format(new[] { 1, 2, 3 }).PlainText);
        Assert.Equal("2.5", ValueFormatter.Format(2.5).PlainText);
        var enumerations = 0;
        IEnumerable<RgbImage> Lazy()
        {
            enumerations++;
            yield return RgbImage.Solid(2, 2, 0, 0, 0);
            yield return RgbImage.Solid(2, 2, 9, 9, 9);
        }
        var images = ValueFormatter.Format(Lazy());
        Assert.Equal(1, enumerations);
        Assert.Equal("[RgbImage 2x2, RgbImage 2x2]", images.PlainText);
        Assert.StartsWith("<div style=\"display:flex", images.Html);
        Assert.Equal(2, images.Html!.Split("<img ").Length - 1);
    }
}

/// <summary>A type from "another library" that follows the convention with its own attribute class.</summary>
internal static class Foreign
{
    [AttributeUsage(AttributeTargets.Class)]
    internal sealed class TypeFormatterSourceAttribute(Type formatterSourceType) : Attribute
    {
        public Type FormatterSourceType { get; } = formatterSourceType;
    }

    internal sealed class ThingFormatterSource
    {
        public IEnumerable<object> CreateTypeFormatters()
        {
            yield return new ThingHtmlFormatter();
        }
    }

    internal sealed class ThingHtmlFormatter
    {
        public string MimeType => "text/html";

        public bool Format(object instance, TextWriter writer)
        {
            writer.Write("<em>thing</em>");
            return true;
        }
    }

    [Foreign.TypeFormatterSource(typeof(ThingFormatterSource))]
    internal sealed class Thing
    {
        public override string ToString() => "Thing!";
    }
}
