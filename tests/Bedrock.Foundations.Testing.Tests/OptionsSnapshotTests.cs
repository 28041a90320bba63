using System.Net;
using System.Text.Json;

namespace Bedrock.Foundations.Testing.Tests;

/// <summary>The emulator reads its options once, at start, into a read-only snapshot.</summary>
public sealed class OptionsSnapshotTests
{
    private const string ModelId = "test-model";
    private const string Body = """{"messages":[{"role":"user","content":[{"text":"The sky is blue. What colour is the sky?"}]}]}""";

    [Test]
    public async Task ChangesToTheOptionsAfterStart_HaveNoEffect()
    {
        BedrockEmulatorOptions options = new();
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync(options);

        options.ApiKeys.Add("late-key");
        options.Models[ModelId] = new EmulatedModel { Answer = (_, _) => ValueTask.FromResult("late answer") };
        options.DefaultModel.Answer = (_, _) => ValueTask.FromResult("late default");
        options.Faults.ThrottlingRate = 1;
        options.GuardrailBlockedWords.Add("sky");
        options.RequireAuthentication = false;

        using EmulatorClient bearer = new(emulator) { BearerKey = "late-key" };
        using EmulatorClient signed = new(emulator);
        (HttpResponseMessage rejected, _) = await bearer.ConverseAsync(ModelId, Body);
        (HttpResponseMessage ok, JsonElement answer) = await signed.ConverseAsync(ModelId, Body);
        using EmulatorClient unsigned = new(emulator) { Unsigned = true };
        (HttpResponseMessage unsignedResponse, _) = await unsigned.ConverseAsync(ModelId, Body);

        Assert.Multiple(() =>
        {
            Assert.That(rejected.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            string text = answer.GetProperty("output").GetProperty("message").GetProperty("content")[0].GetProperty("text").GetString()!;
            Assert.That(text, Does.Not.Contain("late"));
            Assert.That(unsignedResponse.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(emulator.Options.ApiKeys, Is.Empty);
            Assert.That(emulator.Options.Faults.ThrottlingRate, Is.Zero);
        });
    }

    [Test]
    public async Task Options_IsAReadOnlySnapshotOfTheValuesAtStart()
    {
        EmulatedModel model = new() { CountTokens = _ => 7 };
        BedrockEmulatorOptions options = new() { Region = "eu-west-1", RequestLogCapacity = 5, Faults = { Seed = 42, ThrottlingRate = 0.25 } };
        options.ApiKeys.Add("key-1");
        options.Models["m"] = model;
        options.GuardrailBlockedWords.Add("forbidden");
        options.KnowledgeBaseDocuments.Add(new EmulatedDocument("doc-1", "Some text."));
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync(options);

        BedrockEmulatorOptions snapshot = emulator.Options;

        Assert.Multiple(() =>
        {
            Assert.That(snapshot, Is.Not.SameAs(options));
            Assert.That(snapshot.Region, Is.EqualTo("eu-west-1"));
            Assert.That(snapshot.RequestLogCapacity, Is.EqualTo(5));
            Assert.That(emulator.RequestLog.Capacity, Is.EqualTo(5));
            Assert.That(snapshot.Faults.Seed, Is.EqualTo(42));
            Assert.That(snapshot.Faults.ThrottlingRate, Is.EqualTo(0.25));
            Assert.That(snapshot.ApiKeys, Is.EqualTo(new[] { "key-1" }));
            Assert.That(snapshot.GuardrailBlockedWords, Is.EqualTo(new[] { "forbidden" }));
            Assert.That(snapshot.KnowledgeBaseDocuments.Select(d => d.Id), Is.EqualTo(new[] { "doc-1" }));
            Assert.That(snapshot.GetModel("m").CountTokens!("x"), Is.EqualTo(7));
            Assert.That(snapshot.GetModel("m"), Is.Not.SameAs(model));

            Assert.That(() => snapshot.Region = "us-west-2", Throws.InvalidOperationException.With.Message.Contains("read once at start"));
            Assert.That(() => snapshot.RequireAuthentication = false, Throws.InvalidOperationException);
            Assert.That(() => snapshot.Faults.ThrottlingRate = 1, Throws.InvalidOperationException);
            Assert.That(() => snapshot.DefaultModel.Answer = null, Throws.InvalidOperationException);
            Assert.That(() => snapshot.GetModel("m").CountTokens = null, Throws.InvalidOperationException);
            Assert.That(() => snapshot.ApiKeys.Add("key-2"), Throws.TypeOf<NotSupportedException>());
            Assert.That(() => snapshot.Models["other"] = new EmulatedModel(), Throws.TypeOf<NotSupportedException>());
            Assert.That(() => snapshot.GuardrailBlockedWords.Clear(), Throws.TypeOf<NotSupportedException>());
            Assert.That(() => snapshot.KnowledgeBaseDocuments.RemoveAt(0), Throws.TypeOf<NotSupportedException>());
        });

        // The caller's instance stays theirs to change (for the next emulator).
        options.Region = "us-west-2";
        model.CountTokens = null;
        Assert.That(options.Region, Is.EqualTo("us-west-2"));
    }
}
