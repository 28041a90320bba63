using System.Reflection;
using System.Text.Json;
using Bedrock.Foundations.Tests.Aws.ServiceModel;

namespace Bedrock.Foundations.Tests.Aws.Model;

/// <summary>
/// Builds fully populated DTO instances from the service model: every property set (path/header-bound ones too), a
/// union's member chosen by the variant number (read as mixed-radix digits, one per nested union), lists of two items (so two union members appear side by side), values
/// inside the model's constraints (known enum values, lengths and ranges). It records every property it set so a test
/// can check that a set of samples touched every property of every DTO.
/// </summary>
internal sealed class SamplePopulator
{
    private const int MaxDepth = 8;

    private static readonly JsonElement SampleDocument = JsonDocument.Parse("""{"type":"object","properties":{"city":{"type":"string"}},"n":1,"flag":true}""").RootElement.Clone();

    private readonly HashSet<string> _set = new(StringComparer.Ordinal);

    /// <summary>"Class.Property" for every property set so far.</summary>
    public IReadOnlySet<string> SetProperties => _set;

    public object Create(Type type, int variant) => CreateObject(type, variant, 0);

    private object CreateObject(Type type, int variant, int depth)
    {
        (ServiceModelShapes model, ServiceShape shape) = ModelShapeMap.ShapeOf(type);
        object instance = Activator.CreateInstance(type)!;
        PropertyInfo[] properties = ModelShapeMap.ShapeProperties(type);
        if (shape.IsUnion && properties.Length > 0)
        {
            PropertyInfo[] candidates = depth >= MaxDepth ? properties.Where(p => !Recursive(p, type)).ToArray() : properties;
            // Mixed-radix: this union takes the low digit, nested unions the rest, so consecutive variants reach
            // every combination of member choices along a path.
            PropertyInfo chosen = candidates[variant % candidates.Length];
            Set(instance, chosen, model, shape, variant / candidates.Length, depth);
            return instance;
        }

        foreach (PropertyInfo property in properties)
        {
            Set(instance, property, model, shape, variant, depth);
        }

        return instance;
    }

    private void Set(object instance, PropertyInfo property, ServiceModelShapes model, ServiceShape owner, int variant, int depth)
    {
        string memberName = ModelShapeMap.JsonName(property) ?? ModelShapeMap.IgnoredMember(owner, property)!.Name;
        ServiceShape target = model.GetShape(owner.Members[memberName].Target);
        property.SetValue(instance, Value(property.PropertyType, model, target, variant, depth + 1));
        _set.Add($"{property.DeclaringType!.Name}.{property.Name}");
    }

    private object Value(Type clr, ServiceModelShapes model, ServiceShape shape, int variant, int depth)
    {
        Type type = Nullable.GetUnderlyingType(clr) ?? clr;
        if (shape.IsDocument)
        {
            return SampleDocument;
        }

        switch (shape.Type)
        {
            case "structure":
                return CreateObject(type, variant, depth);
            case "list":
            {
                Type item = type.GetGenericArguments()[0];
                var list = (System.Collections.IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(item))!;
                int count = Count(shape);
                for (int i = 0; i < count; i++)
                {
                    list.Add(Value(item, model, model.GetShape(shape.ListMember!), variant + i, depth + 1));
                }

                return list;
            }

            case "map":
            {
                Type value = type.GetGenericArguments()[1];
                var map = (System.Collections.IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(typeof(string), value))!;
                int count = Count(shape);
                for (int i = 0; i < count; i++)
                {
                    map.Add(Text(model.GetShape(shape.MapKey!), i, "key"), Value(value, model, model.GetShape(shape.MapValue!), variant + i, depth + 1));
                }

                return map;
            }

            case "string":
                return Text(shape, variant, shape.Name);
            case "blob":
            {
                int length = (int)Math.Clamp(Math.Max(shape.Min ?? 0, 4), 0, shape.Max ?? double.MaxValue);
                return Enumerable.Range(0, length).Select(i => (byte)(250 + i + variant)).ToArray();
            }

            case "boolean":
                return variant % 2 == 0;
            case "integer":
                return (int)Number(shape, 7);
            case "long":
                return (long)Number(shape, 1234);
            case "float":
                return (float)Number(shape, 0.5);
            case "double":
                return Number(shape, 0.25);
            default:
                throw new NotSupportedException($"No sample for shape type {shape.Type}.");
        }
    }

    private static int Count(ServiceShape shape) => (int)Math.Clamp(Math.Max(shape.Min ?? 0, 2), 0, shape.Max ?? double.MaxValue);

    private static double Number(ServiceShape shape, double preferred)
    {
        double min = shape.Min ?? double.MinValue;
        double max = shape.Max ?? double.MaxValue;
        return preferred >= min && preferred <= max ? preferred : shape.Min ?? shape.Max ?? preferred;
    }

    private static string Text(ServiceShape shape, int variant, string stem)
    {
        if (shape.Enum is { Count: > 0 } values)
        {
            return values.OrderBy(v => v, StringComparer.Ordinal).ElementAt(variant % values.Count);
        }

        string text = $"{stem}-{variant}";
        int min = (int)(shape.Min ?? 0);
        if (text.Length < min)
        {
            text = text.PadRight(min, 'x');
        }

        int max = (int)Math.Min(shape.Max ?? int.MaxValue, int.MaxValue);
        return text.Length > max ? text[..max] : text;
    }

    private static bool Recursive(PropertyInfo property, Type owner)
    {
        Type type = property.PropertyType;
        return type == owner || (type.IsGenericType && type.GetGenericArguments().Contains(owner));
    }
}
