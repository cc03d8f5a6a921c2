import { createServer } from "node:net";

export async function assertPortFree(port: number, variable: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once("error", () =>
      reject(new Error(`Port ${port} is in use. Stop what uses it, or set ${variable} to another port.`)),
    );
    server.listen(port, () => server.close(() => resolve()));
  });
}
