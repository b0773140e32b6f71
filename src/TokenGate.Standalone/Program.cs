using TokenGate.Standalone;

var app = await StandaloneHost.BuildAsync(args).ConfigureAwait(false);
await using (app.ConfigureAwait(false))
{
    await app.RunAsync().ConfigureAwait(false);
}
