// Compiled by the tests with `tsc --noEmit`: a client typed by portal-api.d.ts (generated from /openapi/v1.json),
// so a change to the contract that breaks a caller fails here, not in production. It is never run.
import type { components, paths } from "./portal-api";

type Schemas = components["schemas"];
type Problem = Schemas["ProblemDetails"];
type Json<T> = T extends { content: { "application/json": infer B } } ? B : never;
type Ok<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { responses: { 200: infer R } } ? Json<R> : never;
type Body<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { requestBody?: { content: { "application/json": infer B } } } ? B : never;

async function call<T>(base: string, method: string, path: string, token: string | null, body?: unknown): Promise<T> {
    const response = await fetch(base + path, {
        method,
        headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) {
        const problem = (await response.json()) as Problem;
        throw new Error(problem.detail ?? problem.title ?? `HTTP ${response.status}`);
    }
    return (await response.json()) as T;
}

export async function login(base: string, username: string, password: string): Promise<string> {
    const request: Body<"/api/auth/token", "post"> = { username, password };
    const token = await call<Ok<"/api/auth/token", "post">>(base, "POST", "/api/auth/token", null, request);
    const seconds: number = token.expires_in;
    return seconds > 0 ? token.access_token : "";
}

export async function champions(base: string, token: string): Promise<Map<string, number | null>> {
    const models = await call<Ok<"/api/models", "get">>(base, "GET", "/api/models", token);
    return new Map(models.map(m => [m.name, m.championVersion]));
}

export async function predictOne(base: string, token: string, model: string, features: Record<string, number | string | null>): Promise<number> {
    const request: Body<"/api/models/{name}/predict", "post"> = { features };
    const answer = await call<Ok<"/api/models/{name}/predict", "post">>(base, "POST", `/api/models/${encodeURIComponent(model)}/predict`, token, request);
    // One row answers a single prediction, a batch a list: the union makes the caller tell them apart.
    return "predictions" in answer ? answer.predictions[0].probability as number : answer.probability as number;
}

export async function promote(base: string, token: string, model: string, version: number, reason: string): Promise<boolean> {
    const request: Body<"/api/models/{name}/versions/{version}/promote", "post"> = { alias: "champion", reason };
    const answer = await call<Ok<"/api/models/{name}/versions/{version}/promote", "post">>(
        base, "POST", `/api/models/${encodeURIComponent(model)}/versions/${version}/promote`, token, request);
    const failed: string[] = answer.gates.filter(g => !g.passed).map(g => g.name);
    return answer.promoted && failed.length === 0;
}
