#!/bin/sh
# azd prepackage: azd's own `dotnet publish` sees TokenGateEventHubs only through the process environment
# (MSBuild turns environment variables into properties). Without it the Event Hub trigger is not compiled in.
set -eu
if [ "${TokenGateEventHubs:-}" != "true" ]; then
  echo "TokenGateEventHubs is not 'true' in the environment: the Event Hub trigger would be left out." >&2
  echo "Run: TokenGateEventHubs=true azd up   (or azd deploy)" >&2
  exit 1
fi
echo "Publishing with TokenGateEventHubs=true (Event Hub trigger on)."
