// How to register the real MLflow MCP server (kkruglik/mlflow-mcp), shown with the preset.
export function MlflowPresetNote({ stdioAllowed }: { stdioAllowed: boolean }) {
  return (
    <div className="preset-note small">
      {stdioAllowed ? (
        <p>
          The preset runs <code>uvx mlflow-mcp</code> on the gateway host (it needs <a href="https://docs.astral.sh/uv/">uv</a>). Set{" "}
          <code>MLFLOW_TRACKING_URI</code>, and the user name and password or token if your tracking server needs them. Values are stored
          encrypted and never shown again.
        </p>
      ) : (
        <>
          <p>
            The MLflow MCP server speaks stdio, which this installation does not run (the operator can set <code>WARDEN_ALLOW_STDIO=1</code>).
            Run it behind a stdio→HTTP bridge on a machine that reaches MLflow:
          </p>
          <pre>MLFLOW_TRACKING_URI=http://mlflow.internal:5000 npx mcp-proxy --port 8080 -- uvx mlflow-mcp</pre>
          <p>then register it here over HTTP with the URL <code>http://&lt;that host&gt;:8080/mcp</code>.</p>
        </>
      )}
    </div>
  );
}
