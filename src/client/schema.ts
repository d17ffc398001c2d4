/**
 * Types of the mock's API, generated from openapi/openapi.json by openapi-typescript.
 * Do not edit: run `npm run openapi` after changing a schema or route.
 */

export interface paths {
    "/_mock/clock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The simulated clock */
        get: operations["mockGetClock"];
        /** Change the clock rate (scale; 0 pauses) or mode (scaled or manual) */
        put: operations["mockUpdateClock"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/_mock/clock/advance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Move simulated time forward; every transition that falls due runs, in order, before the answer */
        post: operations["mockAdvanceClock"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/_mock/faults": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Faults in force (every one, or a tenant's) */
        get: operations["mockListFaults"];
        put?: never;
        /** Inject a fault into the pods of matching workloads, artifacts, images, pods or tenants (BuildFailed: into the image builds of an artifact; ErrorRate: a share of the requests their endpoint answers fail with a 500) */
        post: operations["mockCreateFault"];
        /** Clear every fault, or a tenant's (as its reset would); pods recover */
        delete: operations["mockClearFaults"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/_mock/faults/{fault_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Clear one fault; the pods it held recover */
        delete: operations["mockDeleteFault"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/_mock/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Answers 200 once the mock is ready */
        get: operations["mockHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/_mock/requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Recent requests, newest first (bounded by MOCK_JOURNAL_SIZE) */
        get: operations["mockListRequests"];
        put?: never;
        post?: never;
        /** Forget every recorded request */
        delete: operations["mockClearRequests"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/_mock/reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Forget everything (the request journal too; with a seed, ids start again), or one tenant named by ?tenant= or {"tenant": ...} */
        post: operations["mockReset"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/_mock/state": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Export everything (every tenant, clock, faults, pods, pending transitions, events, logs) */
        get: operations["mockExportState"];
        /** Replace everything with an exported state; pending transitions are re-armed on the clock */
        put: operations["mockImportState"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/_mock/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A live stream of every state change of the simulated cluster (server-sent events)
         * @description Server-sent events: workloads created, updated (status, artifact, replacement) and deleted; proton status changes; pod and container changes; replacement phases; every workload event; clock changes; faults added and removed; resets. The event name is the message type and the data is one JSON object (MockStreamMessage). Every message has an id (the first, hello's, is the stream's starting position); reconnect with the Last-Event-ID header (or ?lastEventId=) to receive what you missed, once and in order, from a bounded backlog (MOCK_STREAM_BACKLOG). When that is impossible (the server restarted, or you fell behind the backlog) the hello says resync: re-read the state. The server sends retry: 2000 and a comment line every few seconds as a keep-alive. When MOCK_ADMIN_TOKEN is set, pass it as Authorization: Bearer or, from a browser EventSource (which cannot send headers), as ?adminToken=. It never ends, so Swagger UI's Try it out waits for good: read it with `curl -N`, an EventSource, or the dashboard at /_mock/ui.
         */
        get: operations["mockStream"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/_mock/tenants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every tenant (with state, or named in MOCK_TOKENS), its tokens and its workloads */
        get: operations["mockListTenants"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/_mock/workloads/{workload_id}/interrupt": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Evict the active proton pods from their node; they are rescheduled when capacity returns */
        post: operations["mockInterruptWorkload"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/_mock/workloads/{workload_id}/restart": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Recreate the active proton pods in place (restarting, then initializing) */
        post: operations["mockRestartWorkload"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/_mock/workloads/{workload_id}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Resume a suspended proton on the nodes it ran on */
        post: operations["mockResumeWorkload"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/_mock/workloads/{workload_id}/suspend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Suspend the active proton: pods stop, identity and configuration stay; a replacement in progress ends */
        post: operations["mockSuspendWorkload"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/_mock/workloads/{workload_id}/traffic": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The simulated traffic still running against a workload */
        get: operations["mockListTraffic"];
        put?: never;
        /** Send simulated requests to a workload for a while: they fill its stats, traces, request logs and metrics */
        post: operations["mockStartTraffic"];
        /** Stop the simulated traffic against a workload */
        delete: operations["mockStopTraffic"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/artifactRepositories": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List artifact repositories */
        get: operations["listArtifactRepositories"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/artifactRepositories/{artifact_repository_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get an artifact repository */
        get: operations["getArtifactRepository"];
        put?: never;
        post?: never;
        /** Delete a repository and its artifacts, unless one is locked or in use */
        delete: operations["deleteArtifactRepository"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/artifactRepositories/{artifact_repository_id}/sharedRoles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who has access to the artifact repository, and with which role (its creator owns it) */
        get: operations["listArtifactRepositorySharedRoles"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Replace the roles shared on the artifact repository */
        patch: operations["updateArtifactRepositorySharedRoles"];
        trace?: never;
    };
    "/api/v2/artifacts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List artifacts */
        get: operations["listArtifacts"];
        put?: never;
        /** Create an artifact (a draft unless the body says locked) */
        post: operations["createArtifact"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/artifacts/{artifact_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get an artifact */
        get: operations["getArtifact"];
        /** Replace every field of a draft artifact */
        put: operations["updateArtifact"];
        post?: never;
        /** Delete a draft artifact no workload uses */
        delete: operations["deleteArtifact"];
        options?: never;
        head?: never;
        /** Change some fields of a draft artifact, or lock it with {"status": "locked"} */
        patch: operations["patchArtifact"];
        trace?: never;
    };
    "/api/v2/artifacts/{artifact_id}/builds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The image builds of an artifact, newest first */
        get: operations["getArtifactBuildList"];
        put?: never;
        /** Build the images of a draft service artifact (containers with an imageBuildConfig) */
        post: operations["triggerArtifactBuild"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/artifacts/{artifact_id}/builds/{build_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One image build */
        get: operations["getArtifactBuild"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/artifacts/{artifact_id}/builds/{build_id}/logs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The log of an image build, as plain text */
        get: operations["getArtifactBuildLogs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/artifacts/{artifact_id}/clone": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Copy an artifact into a new draft of the same repository */
        post: operations["cloneArtifact"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/artifacts/{artifact_id}/sharedRoles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who has access to the artifact, and with which role (its creator owns it) */
        get: operations["listArtifactSharedRoles"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Replace the roles shared on the artifact */
        patch: operations["updateArtifactSharedRoles"];
        trace?: never;
    };
    "/api/v2/endpoints/workloads/{workload_id}/{path}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Send a GET request to a workload's endpoint (served by the simulated workload) */
        get: operations["callWorkloadEndpointGet"];
        /** Send a PUT request to a workload's endpoint (served by the simulated workload) */
        put: operations["callWorkloadEndpointPut"];
        /** Send a POST request to a workload's endpoint (served by the simulated workload) */
        post: operations["callWorkloadEndpointPost"];
        /** Send a DELETE request to a workload's endpoint (served by the simulated workload) */
        delete: operations["callWorkloadEndpointDelete"];
        /** Send a OPTIONS request to a workload's endpoint (served by the simulated workload) */
        options: operations["callWorkloadEndpointOptions"];
        head?: never;
        /** Send a PATCH request to a workload's endpoint (served by the simulated workload) */
        patch: operations["callWorkloadEndpointPatch"];
        trace?: never;
    };
    "/api/v2/otel/{entityType}/{entityId}/logs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** OpenTelemetry logs of an entity, newest first, at or above a level */
        get: operations["listOtelLogs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/otel/{entityType}/{entityId}/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** OpenTelemetry metrics of an entity over time: replicas, CPU, memory, requests */
        get: operations["listOtelMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/otel/{entityType}/{entityId}/metrics/autocollectedValues": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The platform metrics of an entity summed up over a window, per proton */
        get: operations["listOtelAutocollectedMetricValues"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/otel/{entityType}/{entityId}/traces": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** OpenTelemetry traces of an entity (sampled requests), newest first */
        get: operations["listOtelTraces"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/otel/{entityType}/{entityId}/traces/{traceId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The spans of one trace */
        get: operations["getOtelTrace"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/version": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The API's version, which the DataRobot Python client checks before anything else */
        get: operations["getVersion"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/workloads": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List workloads */
        get: operations["listWorkloads"];
        put?: never;
        /** Create a workload from an artifact (by id or inline) and schedule it */
        post: operations["createWorkload"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/workloads/{workload_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a workload */
        get: operations["getWorkload"];
        put?: never;
        post?: never;
        /** Delete a workload; its protons stop and are torn down */
        delete: operations["deleteWorkload"];
        options?: never;
        head?: never;
        /** Change the name, description or importance of a workload */
        patch: operations["updateWorkload"];
        trace?: never;
    };
    "/api/v2/workloads/{workload_id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The lifecycle audit trail of a workload, newest first */
        get: operations["listWorkloadEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/workloads/{workload_id}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every replacement of a workload, newest first */
        get: operations["listWorkloadArtifactHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/workloads/{workload_id}/promote": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Lock the draft artifact a workload runs, without restarting it */
        post: operations["promoteWorkloadArtifact"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/workloads/{workload_id}/protons": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The protons behind a workload: the active one, and a candidate during a replacement */
        get: operations["listWorkloadProtons"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/workloads/{workload_id}/protons/{proton_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a proton */
        get: operations["getWorkloadProton"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/workloads/{workload_id}/protons/{proton_id}/statusDetails": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Per-replica status of a proton: phases, conditions, containers; 204 before any pod exists */
        get: operations["getWorkloadProtonStatusDetails"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/workloads/{workload_id}/related": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The artifacts, repositories and protons a workload relates to */
        get: operations["getWorkloadRelatedEntities"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/workloads/{workload_id}/replacement": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The current replacement of a workload */
        get: operations["getWorkloadReplacement"];
        put?: never;
        /** Swap the artifact behind a running workload; the endpoint stays the same */
        post: operations["createWorkloadReplacement"];
        /** Cancel the replacement: the workload ends on its original artifact */
        delete: operations["cancelWorkloadReplacement"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/workloads/{workload_id}/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The runtime of the active proton */
        get: operations["getWorkloadSettings"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change the runtime: a rolling replacement onto the same artifact */
        patch: operations["updateWorkloadSettings"];
        trace?: never;
    };
    "/api/v2/workloads/{workload_id}/sharedRoles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who has access to the workload, and with which role (its creator owns it) */
        get: operations["listWorkloadSharedRoles"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Replace the roles shared on the workload */
        patch: operations["updateWorkloadSharedRoles"];
        trace?: never;
    };
    "/api/v2/workloads/{workload_id}/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start a stopped workload */
        post: operations["startWorkload"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/workloads/{workload_id}/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Request statistics of a proton of the workload (the active one by default) over a period */
        get: operations["getWorkloadStats"];
        put?: never;
        post?: never;
        /** Forget the request statistics of a proton, within a period or entirely */
        delete: operations["resetWorkloadStats"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/workloads/{workload_id}/stats/{metric_name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One request metric of a proton over time, one value per step: at most 1,000 steps (a longer period is a 400); without startTime, from the proton's first data or 1,000 steps back, whichever is later */
        get: operations["getWorkloadMetricTimeSeries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/workloads/{workload_id}/stop": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Stop a workload */
        post: operations["stopWorkload"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/workloads/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Request statistics of the matching workloads over the last 24 hours */
        get: operations["listWorkloadsStats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @constant */
        ANY_PERMISSION: "*";
        ArtifactCloneRequest: {
            /** @description Name of the copy. */
            name: string;
        };
        ArtifactFormatted: {
            artifactRepositoryId: string | null;
            /** Format: date-time */
            createdAt: string;
            creator?: components["schemas"]["UserData"] | null;
            description?: string;
            id: string;
            name: string;
            permissions?: components["schemas"]["ResourcePermissions"];
            spec: components["schemas"]["ServiceArtifactSpecOutput"] | components["schemas"]["NimArtifactSpecOutput"];
            status?: components["schemas"]["ArtifactStatus"];
            tags?: components["schemas"]["Tags"];
            type?: components["schemas"]["ArtifactType"];
            /** Format: date-time */
            updatedAt: string;
            /** @description Set when the artifact is locked. */
            version?: number | null;
        };
        /** @description The essentials of an artifact. */
        ArtifactInfoFormatted: {
            artifactRepositoryId?: string | null;
            id: string;
            name?: string | null;
            status?: components["schemas"]["ArtifactStatus"] | null;
            type?: components["schemas"]["ArtifactType"] | null;
            version?: number | null;
        };
        ArtifactListResponse: {
            /** @description The number of records on this page. */
            count: number;
            data: components["schemas"]["ArtifactFormatted"][];
            /** @description The URL of the next page, or null on the last. */
            next: string | null;
            /** @description The URL of the previous page, or null on the first. */
            previous: string | null;
            /** @description The number of records matching the query. */
            totalCount: number;
        };
        /** @description The versions of one artifact: every artifact created from it, locked ones numbered. */
        ArtifactRepositoryFormatted: {
            /** Format: date-time */
            createdAt: string;
            creator?: components["schemas"]["UserData"] | null;
            id: string;
            /** @description The version the last locked artifact got. */
            lastVersionNumber?: number;
            name: string;
            numArtifacts?: number;
            permissions?: components["schemas"]["ResourcePermissions"];
            tags?: components["schemas"]["Tags"];
            /** @description The type of the artifacts it holds. */
            type?: components["schemas"]["ArtifactType"];
            /** Format: date-time */
            updatedAt: string;
        };
        ArtifactRepositoryListResponse: {
            /** @description The number of records on this page. */
            count: number;
            data: components["schemas"]["ArtifactRepositoryFormatted"][];
            /** @description The URL of the next page, or null on the last. */
            next: string | null;
            /** @description The URL of the previous page, or null on the first. */
            previous: string | null;
            /** @description The number of records matching the query. */
            totalCount: number;
        };
        /** @enum {string} */
        ArtifactSortQueryParams: "name" | "-name" | "createdAt" | "-createdAt" | "updatedAt" | "-updatedAt" | "status" | "-status";
        /** @enum {string} */
        ArtifactStatus: "draft" | "locked";
        /**
         * @description Which spec variant the artifact carries: a generic service or an NVIDIA NIM.
         * @enum {string}
         */
        ArtifactType: "service" | "nim";
        AutoscalingPolicy: {
            maxCount: number;
            minCount: number;
            priority?: number | null;
            scalingMetric: components["schemas"]["ScalingMetricType"];
            target: number;
        };
        AutoscalingPolicyOutput: {
            maxCount: number;
            minCount: number;
            priority?: number | null;
            scalingMetric: components["schemas"]["ScalingMetricType"];
            target: number;
        };
        AutoscalingProperties: {
            /** @default true */
            enabled?: boolean;
            /** @description Newer shorthand: applied as every policy maxCount; answered in the per-policy shape. */
            maxReplicaCount?: number;
            /** @description Newer shorthand: applied as every policy minCount; answered in the per-policy shape. */
            minReplicaCount?: number;
            /** @description At least one while enabled, unless minReplicaCount or maxReplicaCount is given: then one cpuAverageUtilization policy (target 70) is made from them. */
            policies?: components["schemas"]["AutoscalingPolicy"][];
        };
        AutoscalingPropertiesOutput: {
            /** @default true */
            enabled: boolean;
            /** @description Newer shorthand: applied as every policy maxCount; answered in the per-policy shape. */
            maxReplicaCount?: number;
            /** @description Newer shorthand: applied as every policy minCount; answered in the per-policy shape. */
            minReplicaCount?: number;
            /** @description At least one while enabled, unless minReplicaCount or maxReplicaCount is given: then one cpuAverageUtilization policy (target 70) is made from them. */
            policies?: components["schemas"]["AutoscalingPolicyOutput"][];
        };
        /** @enum {string} */
        BundleSelectionPolicy: "availability";
        Capabilities: {
            /** @default null */
            add?: string[] | null;
            /** @default null */
            drop?: string[] | null;
        };
        CapabilitiesOutput: {
            /** @default null */
            add: string[] | null;
            /** @default null */
            drop: string[] | null;
        };
        CodeRef: {
            datarobot: components["schemas"]["DataRobotCodeRef"];
            /**
             * @default datarobot
             * @constant
             */
            provider?: "datarobot";
            /**
             * @default datarobot
             * @constant
             */
            type?: "datarobot";
        };
        CodeRefOutput: {
            datarobot: components["schemas"]["DataRobotCodeRef"];
            /**
             * @default datarobot
             * @constant
             */
            provider: "datarobot";
            /**
             * @default datarobot
             * @constant
             */
            type: "datarobot";
        };
        /** @enum {string} */
        CommonSortQueryParams: "name" | "-name" | "createdAt" | "-createdAt" | "updatedAt" | "-updatedAt";
        Container: {
            /**
             * @description Set by the server when an image build runs.
             * @default null
             */
            build?: components["schemas"]["ContainerBuildInfo"] | null;
            /** @default  */
            description?: string;
            /** @default null */
            entrypoint?: string[] | null;
            /** @default [] */
            environmentVars?: (components["schemas"]["StringEnvironmentVariable"] | components["schemas"]["CredentialEnvironmentVariable"])[];
            /** @default null */
            imageBuildConfig?: components["schemas"]["ImageBuildConfig"] | null;
            /**
             * @description Image to run. Required unless imageBuildConfig is set.
             * @default null
             */
            imageUri?: string | null;
            /** @default null */
            livenessProbe?: components["schemas"]["ProbeConfig"] | null;
            /**
             * @description Container name; runtime overrides refer to it.
             * @default null
             */
            name?: string | null;
            /**
             * @description Port the primary container serves on.
             * @default null
             */
            port?: number | null;
            /** @default false */
            primary?: boolean | null;
            /** @default null */
            readinessProbe?: components["schemas"]["ProbeConfig"] | null;
            /** @default null */
            securityContext?: components["schemas"]["SecurityContext"] | null;
            /** @default null */
            startupProbe?: components["schemas"]["ProbeConfig"] | null;
        };
        ContainerBuildInfo: {
            artifactImageBuildId: string;
            /** Format: date-time */
            createdAt: string;
            status: string;
        };
        ContainerGroup: {
            /** @default [] */
            containers?: components["schemas"]["Container"][];
            /** @default default */
            name?: string;
        };
        ContainerGroupOutput: {
            /** @default [] */
            containers: components["schemas"]["ContainerOutput"][];
            /** @default default */
            name: string;
        };
        ContainerOutput: {
            /**
             * @description Set by the server when an image build runs.
             * @default null
             */
            build: components["schemas"]["ContainerBuildInfo"] | null;
            /** @default  */
            description: string;
            /** @default null */
            entrypoint: string[] | null;
            /** @default [] */
            environmentVars: (components["schemas"]["StringEnvironmentVariableOutput"] | components["schemas"]["CredentialEnvironmentVariableOutput"])[];
            /** @default null */
            imageBuildConfig: components["schemas"]["ImageBuildConfigOutput"] | null;
            /**
             * @description Image to run. Required unless imageBuildConfig is set.
             * @default null
             */
            imageUri: string | null;
            /** @default null */
            livenessProbe: components["schemas"]["ProbeConfigOutput"] | null;
            /**
             * @description Container name; runtime overrides refer to it.
             * @default null
             */
            name: string | null;
            /**
             * @description Port the primary container serves on.
             * @default null
             */
            port: number | null;
            /** @default false */
            primary: boolean | null;
            /** @default null */
            readinessProbe: components["schemas"]["ProbeConfigOutput"] | null;
            /** @default null */
            securityContext: components["schemas"]["SecurityContextOutput"] | null;
            /** @default null */
            startupProbe: components["schemas"]["ProbeConfigOutput"] | null;
        };
        ContainerOverride: {
            /** @description A container of the artifact group. */
            name: string;
            resourceAllocation?: components["schemas"]["ResourceAllocation"] | null;
        };
        ContainerOverrideOutput: {
            /** @description A container of the artifact group. */
            name: string;
            resourceAllocation?: components["schemas"]["ResourceAllocationOutput"] | null;
        };
        /** @enum {string} */
        ContainerStatus: "running" | "waiting" | "terminated" | "unknown";
        ContainerStatusDetail: {
            image: string;
            name: string;
            ready: boolean;
            /** @description Why the container waits or terminated. */
            reason?: string | null;
            restartCount: number;
            startedAt: string | null;
            status: components["schemas"]["ContainerStatus"];
        };
        /**
         * @example {
         *       "artifactId": "the id of a locked artifact",
         *       "config": {
         *         "warmupDurationMinutes": 2,
         *         "keepOldVersionMinutes": 5
         *       }
         *     }
         */
        CreateReplacementRequest: {
            /** @description The artifact to roll out. */
            artifactId: string;
            /**
             * @default {
             *       "warmupDurationMinutes": 0,
             *       "keepOldVersionMinutes": 0
             *     }
             */
            config?: components["schemas"]["ReplacementConfig"];
            /** @description Runtime of the candidate; the current one when omitted. */
            runtime?: components["schemas"]["WorkloadRuntime"] | null;
            /** @default rolling */
            strategy?: components["schemas"]["ReplacementStrategy"];
        };
        /**
         * @example {
         *       "name": "my-agent",
         *       "artifact": {
         *         "name": "my-agent",
         *         "spec": {
         *           "containerGroups": [
         *             {
         *               "containers": [
         *                 {
         *                   "name": "app",
         *                   "imageUri": "registry.example.com/my-agent:1",
         *                   "port": 8080,
         *                   "primary": true
         *                 }
         *               ]
         *             }
         *           ]
         *         }
         *       }
         *     }
         */
        CreateWorkloadRequest: {
            /** @description An artifact to create and deploy in one step. */
            artifact?: components["schemas"]["InputArtifact"] | null;
            /** @description An existing artifact to deploy; or give `artifact`. */
            artifactId?: string | null;
            description?: string | null;
            /** @default low */
            importance?: components["schemas"]["WorkloadImportance"];
            name: string;
            /** @description Defaults to one replica per container group. */
            runtime?: components["schemas"]["WorkloadRuntime"];
        };
        CredentialEnvironmentVariable: {
            drCredentialId: string;
            key: string;
            name: string;
            /** @constant */
            source: "dr-credential";
        };
        CredentialEnvironmentVariableOutput: {
            drCredentialId: string;
            key: string;
            name: string;
            /** @constant */
            source: "dr-credential";
        };
        DataRobotCodeRef: {
            catalogId: string;
            catalogVersionId: string;
        };
        ErrorResponse: {
            /** @description One sentence saying what went wrong. */
            detail: string;
        };
        GeneratedDockerfile: {
            entrypoint: string[];
            executionEnvironmentId: string;
            executionEnvironmentVersionId: string;
            /**
             * @default generated
             * @constant
             */
            source?: "generated";
        };
        GeneratedDockerfileOutput: {
            entrypoint: string[];
            executionEnvironmentId: string;
            executionEnvironmentVersionId: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            source: "generated";
        };
        GrantAccessControlWithId: {
            /** @description The user, group or organization to grant the role to. */
            id: string;
            role: components["schemas"]["SharingRole"];
            shareRecipientType: components["schemas"]["SubjectType"];
        };
        GrantAccessControlWithUsername: {
            role: components["schemas"]["SharingRole"];
            shareRecipientType: components["schemas"]["SubjectType"];
            /** @description The user to grant the role to. */
            username: string;
        };
        GroupRuntime: {
            autoscaling?: components["schemas"]["AutoscalingProperties"] | null;
            /** @default availability */
            bundleSelectionPolicy?: components["schemas"]["BundleSelectionPolicy"];
            containers?: components["schemas"]["ContainerOverride"][];
            /** @default default */
            name?: string;
            /** @description Replicas; not with autoscaling.enabled. */
            replicaCount?: number | null;
            /** @description Read only. */
            resolvedBundle?: components["schemas"]["ResolvedBundle"] | null;
            resourceBundles?: string[];
        };
        GroupRuntimeOutput: {
            autoscaling?: components["schemas"]["AutoscalingPropertiesOutput"] | null;
            /** @default availability */
            bundleSelectionPolicy: components["schemas"]["BundleSelectionPolicy"];
            containers?: components["schemas"]["ContainerOverrideOutput"][];
            /** @default default */
            name: string;
            /** @description Replicas; not with autoscaling.enabled. */
            replicaCount?: number | null;
            /** @description Read only. */
            resolvedBundle?: components["schemas"]["ResolvedBundleOutput"] | null;
            resourceBundles?: string[];
        };
        HTTPValidationError: {
            detail: components["schemas"]["ValidationError"][];
        };
        ImageBuildConfig: {
            /** @default null */
            codeRef?: components["schemas"]["CodeRef"] | null;
            dockerfile?: components["schemas"]["ProvidedDockerfile"] | components["schemas"]["GeneratedDockerfile"];
        };
        ImageBuildConfigOutput: {
            /** @default null */
            codeRef: components["schemas"]["CodeRefOutput"] | null;
            dockerfile?: components["schemas"]["ProvidedDockerfileOutput"] | components["schemas"]["GeneratedDockerfileOutput"];
        };
        /**
         * @description PENDING (queued) -> IN_PROGRESS (building) -> BUILT (image pushed, being registered) -> COMPLETED (the containers carry the image); FAILED or CANCELLED end a build early.
         * @enum {string}
         */
        ImageBuildExternalStatus: "PENDING" | "IN_PROGRESS" | "BUILT" | "COMPLETED" | "CANCELLED" | "FAILED" | "UNKNOWN";
        /** @description One image build of a draft artifact. */
        ImageBuildFormatted: {
            /** @description The artifact the build belongs to. */
            artifactId: string;
            /** Format: date-time */
            createdAt: string;
            creator?: components["schemas"]["UserData"] | null;
            id: string;
            name: string;
            status?: components["schemas"]["ImageBuildExternalStatus"];
            /** Format: date-time */
            updatedAt: string;
        };
        ImageBuildFormattedList: {
            /** @description The number of records on this page. */
            count: number;
            data: components["schemas"]["ImageBuildFormatted"][];
            /** @description The URL of the next page, or null on the last. */
            next: string | null;
            /** @description The URL of the previous page, or null on the first. */
            previous: string | null;
            /** @description The number of records matching the query. */
            totalCount: number;
        };
        ImageBuildTriggerResponse: {
            /** @description One build per distinct code reference among the containers with an imageBuildConfig. */
            buildIds: string[];
        };
        /**
         * @description An artifact to create; a draft unless status says locked.
         * @example {
         *       "name": "agent",
         *       "description": "The agent behind checkout.",
         *       "type": "service",
         *       "spec": {
         *         "containerGroups": [
         *           {
         *             "name": "default",
         *             "containers": [
         *               {
         *                 "name": "agent",
         *                 "imageUri": "registry.example.com/agent:1.0",
         *                 "port": 8080,
         *                 "primary": true
         *               }
         *             ]
         *           }
         *         ]
         *       }
         *     }
         */
        InputArtifact: {
            artifactRepositoryId?: string | null;
            /** @default  */
            description?: string;
            name: string;
            spec: components["schemas"]["ServiceArtifactSpec"] | components["schemas"]["NimArtifactSpec"];
            /** @default draft */
            status?: components["schemas"]["ArtifactStatus"];
            /** @default service */
            type?: components["schemas"]["ArtifactType"];
        };
        MockClock: {
            /** @description Simulated time in milliseconds since the epoch. */
            epochMs: number;
            /** @enum {string} */
            mode: "scaled" | "manual";
            nextTransitionAt: string | null;
            /**
             * Format: date-time
             * @description Simulated time.
             */
            now: string;
            /** @description Transitions scheduled on the clock. */
            pendingTransitions: number;
            /** @description Simulated seconds per real second (scaled mode); 0 is paused. */
            scale: number;
        };
        /**
         * @example {
         *       "seconds": 60
         *     }
         */
        MockClockAdvance: {
            /** @description Simulated seconds to move forward. */
            seconds: number;
        };
        /**
         * @example {
         *       "mode": "scaled",
         *       "scale": 60
         *     }
         */
        MockClockUpdate: {
            /** @enum {string} */
            mode?: "scaled" | "manual";
            /** @description Simulated seconds per real second; 0 pauses. */
            scale?: number;
        };
        MockDisruption: {
            protonId: string;
            status: string;
            workloadId: string;
        };
        /** @description What the simulated workload answers: which proton, artifact and replica took the request, and the latency the simulation gave it. */
        MockEndpointEcho: {
            /** @description The artifact that proton runs. */
            artifactId: string;
            /** @description Its version; null for a draft. */
            artifactVersion: number | null;
            /** @description Of which, waiting for a replica of a proton scaled to zero to start. */
            coldStartMs: number;
            /** @description Simulated time the request took (also in the X-Workload-Mock-Latency-Ms header), cold start included. */
            latencyMs: number;
            method: string;
            /** @description The path below the endpoint, starting with "/". */
            path: string;
            /** @description The proton that took the request: the active one. */
            protonId: string;
            query: {
                [key: string]: string | string[];
            };
            /** @description The pod (replica) that answered. */
            replica: string;
            /** @description The client's X-Request-ID, or one the gateway gave the request. */
            requestId: string;
            /**
             * Format: date-time
             * @description Simulated time the replica answered.
             */
            servedAt: string;
            /** @description The trace of the request at /api/v2/otel/workload/{id}/traces/{traceId}/. */
            traceId: string;
            workloadId: string;
        };
        MockFault: {
            /** Format: date-time */
            activeFrom: string;
            afterSeconds: number;
            container: string | null;
            /** Format: date-time */
            createdAt: string;
            fault: components["schemas"]["MockFaultKind"];
            id: string;
            match: {
                artifactId?: string;
                imageUri?: string;
                pod?: string;
                /** @description The tenant's name. */
                tenant?: string;
                workloadId?: string;
            };
            /** @description ErrorRate: the share of requests failed. */
            rate?: number;
        };
        /** @enum {string} */
        MockFaultKind: "ImagePullBackOff" | "CrashLoopBackOff" | "NeverReady" | "Unschedulable" | "OOMKilled" | "PodFailed" | "BuildFailed" | "ErrorRate";
        MockFaultList: {
            count: number;
            data: components["schemas"]["MockFault"][];
        };
        MockFaultMatch: {
            artifactId?: string;
            /** @description Glob on container images: * and ? wildcards. */
            imageUri?: string;
            /** @description Glob on pod names, to hit one replica. */
            pod?: string;
            /** @description Only this tenant's pods: its name or one of its tokens, as for /_mock/reset?tenant= (its reset removes the fault). */
            tenant?: string;
            workloadId?: string;
        };
        /**
         * @example {
         *       "match": {
         *         "imageUri": "registry.example.com/agent:*"
         *       },
         *       "fault": "CrashLoopBackOff"
         *     }
         */
        MockFaultRequest: {
            /**
             * @description Simulated seconds before it takes effect.
             * @default 0
             */
            afterSeconds?: number;
            /** @description Only this container of the matched pods. */
            container?: string | null;
            fault: components["schemas"]["MockFaultKind"];
            match: components["schemas"]["MockFaultMatch"];
            /** @description ErrorRate only: the share of requests (0 to 1) the matched replicas answer with a 500 (default 0.5). */
            rate?: number;
        };
        MockHealth: {
            /** @constant */
            status: "ok";
            /**
             * Format: date-time
             * @description Simulated time.
             */
            time: string;
        };
        /**
         * @example {
         *       "seconds": 120
         *     }
         */
        MockInterruptRequest: {
            /** @description How long until capacity returns (default MOCK_INTERRUPTION_SECONDS). */
            seconds?: number;
        };
        MockJournalEntry: {
            durationMs: number;
            /** @description Sequence number, from 1 since the start or the last clear. */
            id: number;
            method: string;
            path: string;
            /** @description The query string, without "?". */
            query: string;
            /** @description JSON as JSON, other bodies as text; null when none or too large. */
            requestBody: unknown;
            requestBytes: number;
            /** @description JSON as JSON, other bodies as text; null when none or too large. */
            responseBody: unknown;
            responseBytes: number;
            /** @description The route pattern that answered, null when none did. */
            route: string | null;
            status: number;
            /** @description The tenant the token stands for; null when not authenticated. */
            tenant: string | null;
            /**
             * Format: date-time
             * @description Simulated time the response was sent.
             */
            timestamp: string;
        };
        MockJournalList: {
            /** @description MOCK_JOURNAL_SIZE: entries kept at most. */
            capacity: number;
            count: number;
            data: components["schemas"]["MockJournalEntry"][];
            /** @description Requests recorded since the start or the last clear. */
            recorded: number;
            /** @description Entries matching the filters. */
            totalCount: number;
        };
        MockPodSummary: {
            containers: {
                name: string;
                ready: boolean;
                reason: string | null;
                restartCount: number;
                /** @enum {string} */
                state: "waiting" | "running" | "terminated";
            }[];
            group: string;
            name: string;
            node: string | null;
            /** @enum {string} */
            phase: "Pending" | "Running" | "Succeeded" | "Failed";
            terminating: boolean;
        };
        MockReset: {
            reset: string;
        };
        /** @example {} */
        MockResetRequest: {
            /** @description Only this tenant: its name, or a token of it (without MOCK_TOKENS the token is the name). */
            tenant?: string;
        };
        /** @description Everything the mock holds, by section (clock, random, cluster, faults, store, activity, and any a subsystem adds), versioned. */
        MockState: {
            /** @description Simulated time of the export; informational. */
            exportedAt?: string;
            /** @constant */
            format: "workload-api-mock/state";
            sections: {
                [key: string]: unknown;
            };
            version: number;
        };
        MockStateImported: {
            /** @description Simulated time after the import. */
            clock: string;
            /** @description The sections restored. */
            imported: string[];
        };
        MockStreamClock: {
            clock: components["schemas"]["MockClock"];
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "clock";
        };
        MockStreamEvent: {
            /** @description As GET /api/v2/workloads/{id}/events lists it. */
            event: components["schemas"]["WorkloadEvent"];
            tenant: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "event";
            workloadId: string;
        };
        MockStreamFault: {
            /**
             * Format: date-time
             * @description Simulated time of the change.
             */
            at: string;
            /** @enum {string} */
            change: "added" | "removed";
            fault: components["schemas"]["MockFault"];
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "fault";
        };
        MockStreamHello: {
            /** @description Identifies this server process; every message id starts with it. */
            instance: string;
            /** @description The id of the newest message so far. */
            lastEventId: string | null;
            /** @description Why resync is true: the id is from an earlier server process, older than the backlog kept, or not one this server gave. */
            reason: ("restarted" | "gap" | "unknown") | null;
            /** @description Missed messages sent right after this one. */
            replayed: number;
            /** @description The Last-Event-ID given cannot be resumed from: re-read the state you hold. */
            resync: boolean;
            retryMs: number;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "hello";
        };
        /** @description The data of one server-sent event, as JSON; the event name equals its type. Every message carries an id `<instance>-<sequence>`, the sequence rising by one per message; the hello carries the position the stream starts from (the last message it has sent the client, `<instance>-0` before the first). */
        MockStreamMessage: components["schemas"]["MockStreamHello"] | components["schemas"]["MockStreamWorkload"] | components["schemas"]["MockStreamProton"] | components["schemas"]["MockStreamPods"] | components["schemas"]["MockStreamReplacement"] | components["schemas"]["MockStreamEvent"] | components["schemas"]["MockStreamClock"] | components["schemas"]["MockStreamFault"] | components["schemas"]["MockStreamReset"];
        MockStreamPods: {
            /**
             * Format: date-time
             * @description Simulated time of the change.
             */
            at: string;
            /** @description Every pod of the proton after the change. */
            pods: components["schemas"]["MockPodSummary"][];
            protonId: string;
            tenant: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "pods";
            workloadId: string;
        };
        MockStreamProton: {
            /**
             * Format: date-time
             * @description Simulated time of the change.
             */
            at: string;
            from: components["schemas"]["ProtonStatus"];
            protonId: string;
            role: components["schemas"]["ProtonRole"] | null;
            tenant: string;
            to: components["schemas"]["ProtonStatus"];
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "proton";
            workloadId: string;
        };
        MockStreamReplacement: {
            /**
             * Format: date-time
             * @description Simulated time of the change.
             */
            at: string;
            /** @description The phase before; null when the replacement was just created. */
            from: string | null;
            /** @description Finer than status: submitted, initializing, warming, ready (the candidate runs, before the switch), promoting, draining, retiring, completed, errored, cancelling, returning (a cancel after the switch, waiting for the old proton to be ready), reverting, cancelled. */
            phase: string;
            replacement: components["schemas"]["Replacement"];
            replacementId: string;
            status: components["schemas"]["ReplacementStatus"];
            tenant: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "replacement";
            workloadId: string;
        };
        MockStreamReset: {
            /**
             * Format: date-time
             * @description Simulated time of the change.
             */
            at: string;
            /** @description The tenant forgotten; null when everything was. */
            tenant: string | null;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "reset";
        };
        MockStreamWorkload: {
            /**
             * Format: date-time
             * @description Simulated time of the change.
             */
            at: string;
            /** @enum {string} */
            change: "created" | "updated" | "deleted";
            tenant: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "workload";
            /** @description The workload after the change; null once deleted. */
            workload: components["schemas"]["MockWorkloadSummary"] | null;
            workloadId: string;
        };
        MockTenant: {
            artifactCount: number;
            /** @description The tenant id replacements report as tenantId. */
            id: string;
            name: string;
            /** @description Bearer tokens that act as this tenant: its own name without MOCK_TOKENS, else the tokens mapped to it. */
            tokens: string[];
            workloadCount: number;
            /** @description Oldest first. */
            workloads: components["schemas"]["MockWorkloadSummary"][];
        };
        MockTenantList: {
            count: number;
            data: components["schemas"]["MockTenant"][];
        };
        /**
         * @description Background load on a workload endpoint, simulated on the clock: requests go to the active proton while it has ready replicas and fail with 503 while it has none.
         * @example {
         *       "rps": 20,
         *       "seconds": 600
         *     }
         */
        MockTrafficRequest: {
            /** @description Requests in flight at once; derived from the rate and latency when left out. */
            concurrency?: number;
            /**
             * @description Share of requests the workload fails with a 5xx (0 to 1), on top of overload.
             * @default 0
             */
            errorRate?: number;
            /**
             * @description Median latency of an unloaded replica; it grows as replicas get busy.
             * @default 80
             */
            latencyMs?: number;
            /** @description Requests per simulated second. */
            rps: number;
            /** @description How long the load lasts, in simulated seconds. */
            seconds: number;
            /**
             * @description Share of requests refused with a 4xx (0 to 1).
             * @default 0
             */
            userErrorRate?: number;
        };
        MockTrafficRun: {
            concurrency: number | null;
            /** Format: date-time */
            endsAt: string;
            errorRate: number;
            /** @description Requests answered with a 5xx so far. */
            failed: number;
            id: string;
            latencyMs: number;
            /** @description Requests sent so far. */
            requests: number;
            rps: number;
            /** Format: date-time */
            startedAt: string;
            userErrorRate: number;
            workloadId: string;
        };
        MockTrafficRunList: {
            count: number;
            data: components["schemas"]["MockTrafficRun"][];
        };
        MockWorkloadSummary: {
            artifact: components["schemas"]["ArtifactInfoFormatted"] | null;
            artifactId: string | null;
            /** Format: date-time */
            createdAt: string;
            endpoint: string;
            id: string;
            importance: components["schemas"]["WorkloadImportance"];
            name: string;
            protonId: string | null;
            /** @description The replacement in progress, or the last one if it errored; null otherwise. */
            replacement: {
                id: string;
                status: components["schemas"]["ReplacementStatus"];
            } | null;
            /** @description The workload status, as GET /api/v2/workloads/{id} reports it. */
            status: components["schemas"]["ProtonStatus"];
            /** @description The tenant the workload belongs to. */
            tenant: string;
            type: components["schemas"]["ArtifactType"];
            /** Format: date-time */
            updatedAt: string;
        };
        MultiContainerArtifactSpec: {
            /** @default [] */
            containerGroups?: components["schemas"]["ContainerGroup"][];
        };
        NimArtifactSpec: {
            /** @default [] */
            containerGroups?: components["schemas"]["ContainerGroup"][];
            storage?: components["schemas"]["NimStorageConfig"] | null;
            /**
             * @default nim
             * @constant
             */
            type?: "nim";
        };
        NimArtifactSpecOutput: {
            /** @default [] */
            containerGroups: components["schemas"]["ContainerGroupOutput"][];
            storage?: components["schemas"]["NimStorageConfigOutput"] | null;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "nim";
        };
        NimStorageConfig: {
            /**
             * @default dedicatedPvc
             * @enum {string}
             */
            mode?: "dedicatedPvc" | "nimCache";
            pvcSize?: string | null;
        };
        NimStorageConfigOutput: {
            /**
             * @default dedicatedPvc
             * @enum {string}
             */
            mode: "dedicatedPvc" | "nimCache";
            pvcSize?: string | null;
        };
        /** @description Key-value attributes, as OpenTelemetry attaches them. */
        OtelAttributes: {
            [key: string]: string | number | boolean | null;
        };
        /** @description The platform metrics summed up over the window (the last hour by default), per proton. */
        OtelAutocollectedValuesResponse: {
            data: components["schemas"]["OtelMetricValue"][];
            /** Format: date-time */
            endTime: string;
            entityId: string;
            entityType: components["schemas"]["OtelEntityType"];
            resource: components["schemas"]["OtelResource"];
            /** Format: date-time */
            startTime: string;
        };
        OtelDataPoint: {
            /** @description datarobot.proton.id and datarobot.proton.role. */
            attributes: components["schemas"]["OtelAttributes"];
            /**
             * Format: date-time
             * @description End of the step the value covers.
             */
            timestamp: string;
            value: number;
        };
        /**
         * @description What the telemetry belongs to; the mock has data for workloads.
         * @enum {string}
         */
        OtelEntityType: "deployment" | "use_case" | "experiment_container" | "custom_application" | "workload";
        /** @description One log record. */
        OtelLogEntry: {
            /** @description datarobot.proton.id, datarobot.proton.role, k8s.pod.name, k8s.container.name. */
            attributes: components["schemas"]["OtelAttributes"];
            level: components["schemas"]["OtelLogLevel"];
            message: string;
            resource: components["schemas"]["OtelResource"];
            /** @description OpenTelemetry severity: 5 debug, 9 info, 13 warn, 17 error. */
            severityNumber: number;
            /** @description DEBUG, INFO, WARN or ERROR. */
            severityText: string;
            spanId: string | null;
            /** Format: date-time */
            timestamp: string;
            traceId: string | null;
        };
        /** @enum {string} */
        OtelLogLevel: "debug" | "info" | "warn" | "error" | "critical";
        /** @description Log records of the entity, newest first: container lifecycle, readiness, crashes, replacement steps and sampled requests, across the active and candidate protons. */
        OtelLogsResponse: {
            /** @description The number of records on this page. */
            count: number;
            data: components["schemas"]["OtelLogEntry"][];
            /** @description The URL of the next page, or null on the last. */
            next: string | null;
            /** @description The URL of the previous page, or null on the first. */
            previous: string | null;
            /** @description The number of records matching the query. */
            totalCount: number;
        };
        OtelMetric: {
            dataPoints: components["schemas"]["OtelDataPoint"][];
            description: string;
            name: string;
            /** @enum {string} */
            type: "gauge" | "sum";
            unit: string;
        };
        /**
         * @description Step of a time series: 1 or 5 minutes, an hour, a day, a week (from Monday) or a month (UTC).
         * @enum {string}
         */
        OtelMetricResolution: "PT1M" | "PT5M" | "PT1H" | "P1D" | "P7D" | "P1M";
        /** @description Replica counts, CPU and memory utilisation, request rate, error rate and latency over time, one series per proton (the last hour by default). */
        OtelMetricsResponse: {
            /** Format: date-time */
            endTime: string;
            entityId: string;
            entityType: components["schemas"]["OtelEntityType"];
            metrics: components["schemas"]["OtelMetric"][];
            resolution: components["schemas"]["OtelMetricResolution"];
            resource: components["schemas"]["OtelResource"];
            /** Format: date-time */
            startTime: string;
        };
        OtelMetricValue: {
            attributes: components["schemas"]["OtelAttributes"];
            description: string;
            name: string;
            unit: string;
            /** @description Null when nothing was measured in the window. */
            value: number | null;
        };
        /** @description The service that produced the telemetry: service.name and more. */
        OtelResource: {
            attributes: components["schemas"]["OtelAttributes"];
        };
        OtelSpan: {
            attributes: components["schemas"]["OtelAttributes"];
            /** @description Milliseconds. */
            duration: number;
            /** Format: date-time */
            endTime: string;
            /** @enum {string} */
            kind: "Server" | "Internal" | "Client";
            name: string;
            parentSpanId: string | null;
            resource: components["schemas"]["OtelResource"];
            spanId: string;
            /** Format: date-time */
            startTime: string;
            statusCode: components["schemas"]["OtelStatusCode"];
            statusMessage: string | null;
            traceId: string;
        };
        /** @enum {string} */
        OtelStatusCode: "Unset" | "Ok" | "Error";
        OtelTraceResponse: {
            /** @description Spans on this page. */
            count: number;
            next: string | null;
            previous: string | null;
            /** @description Spans in start order, the root first. */
            spans: components["schemas"]["OtelSpan"][];
            /** @description Spans in the trace. */
            totalCount: number;
            traceId: string;
        };
        /** @description Traces of sampled requests to the entity, newest first. */
        OtelTracesResponse: {
            /** @description The number of records on this page. */
            count: number;
            data: components["schemas"]["OtelTraceSummary"][];
            /** @description The URL of the next page, or null on the last. */
            next: string | null;
            /** @description The URL of the previous page, or null on the first. */
            previous: string | null;
            /** @description The number of records matching the query. */
            totalCount: number;
        };
        /** @description One trace, by its root span. */
        OtelTraceSummary: {
            /** @description Milliseconds. */
            duration: number;
            /** Format: date-time */
            endTime: string;
            httpStatusCode: number | null;
            /** @description The proton that served the request; null when none could. */
            protonId: string | null;
            rootSpanName: string;
            serviceName: string;
            spanCount: number;
            /** Format: date-time */
            startTime: string;
            statusCode: components["schemas"]["OtelStatusCode"];
            traceId: string;
        };
        /** @description A span of time. */
        Period: {
            end?: string | null;
            start?: string | null;
        };
        ProbeConfig: {
            /** @default 3 */
            failureThreshold?: number;
            /** @default null */
            host?: string | null;
            httpHeaders?: {
                [key: string]: string;
            };
            /** @default 30 */
            initialDelaySeconds?: number;
            /** @description HTTP path the probe requests. */
            path: string;
            /** @default 30 */
            periodSeconds?: number;
            /** @default 8080 */
            port?: number;
            /**
             * @default HTTP
             * @enum {string}
             */
            scheme?: "HTTP" | "HTTPS";
            /** @default 30 */
            timeoutSeconds?: number;
        };
        ProbeConfigOutput: {
            /** @default 3 */
            failureThreshold: number;
            /** @default null */
            host: string | null;
            httpHeaders?: {
                [key: string]: string;
            };
            /** @default 30 */
            initialDelaySeconds: number;
            /** @description HTTP path the probe requests. */
            path: string;
            /** @default 30 */
            periodSeconds: number;
            /** @default 8080 */
            port: number;
            /**
             * @default HTTP
             * @enum {string}
             */
            scheme: "HTTP" | "HTTPS";
            /** @default 30 */
            timeoutSeconds: number;
        };
        ProtonFormatted: {
            artifactId: string;
            /** Format: date-time */
            createdAt: string;
            creator?: components["schemas"]["UserData"] | null;
            endpoint?: string | null;
            id: string;
            name: string;
            /** @description active, candidate, or null for a proton being retired. */
            role?: components["schemas"]["ProtonRole"] | null;
            runningSince?: string | null;
            runtime?: components["schemas"]["WorkloadRuntimeOutput"];
            status: components["schemas"]["ProtonStatus"];
            statusDetails?: components["schemas"]["ProtonStatusDetailsPublic"];
            /** Format: date-time */
            updatedAt: string;
            workloadId?: string | null;
        };
        ProtonListResponse: {
            /** @description The number of records on this page. */
            count: number;
            data: components["schemas"]["ProtonFormatted"][];
            /** @description The URL of the next page, or null on the last. */
            next: string | null;
            /** @description The URL of the previous page, or null on the first. */
            previous: string | null;
            /** @description The number of records matching the query. */
            totalCount: number;
        };
        ProtonRequestMetricOverTime: {
            /** @description One entry per step: {start, end, value}, value null when nothing was served. */
            buckets?: {
                [key: string]: unknown;
            }[];
            metric: components["schemas"]["WorkloadStatsMetricName"];
            summary: components["schemas"]["Summary"];
        };
        ProtonRequestStats: {
            metrics?: components["schemas"]["RequestMetrics"];
            period?: components["schemas"]["Period"] | null;
        };
        /** @enum {string} */
        ProtonRole: "active" | "candidate";
        /**
         * @description Derived from the proton pods. initializing, warming, draining and restarting are proton-only: a workload never reports them.
         * @enum {string}
         */
        ProtonStatus: "unknown" | "submitted" | "initializing" | "provisioning" | "launching" | "running" | "suspended" | "warming" | "draining" | "interrupted" | "restarting" | "stopping" | "stopped" | "errored" | "terminated";
        ProtonStatusDetailsPublic: {
            /** @description Recent log lines of the proton. */
            logTail?: string[] | null;
        };
        ProvidedDockerfile: {
            /** @default ./Dockerfile */
            path?: string;
            /**
             * @default provided
             * @constant
             */
            source?: "provided";
        };
        ProvidedDockerfileOutput: {
            /** @default ./Dockerfile */
            path: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            source: "provided";
        };
        RelatedEntitiesResponse: {
            count?: number;
            data?: (components["schemas"]["RelatedItem"] | components["schemas"]["RelatedItemID"])[];
        };
        RelatedItem: {
            /** Format: date-time */
            createdAt: string;
            creator?: components["schemas"]["UserData"] | null;
            id: string;
            name: string;
            permissions?: components["schemas"]["ResourcePermissions"];
            type: components["schemas"]["ResourceTypes"];
            /** Format: date-time */
            updatedAt: string;
        };
        /** @description A related entity that no longer exists: its id and type. */
        RelatedItemID: {
            id: string;
            type: components["schemas"]["ResourceTypes"];
        };
        /** @description A swap of the artifact (or runtime) behind a workload. */
        Replacement: {
            candidateArtifactId: string;
            candidateProtonIds?: string[];
            config?: components["schemas"]["ReplacementConfigOutput"];
            /** Format: date-time */
            createdAt: string;
            deletedAt?: string | null;
            id: string;
            isDeleted?: boolean;
            /** @description Why the replacement failed or was cancelled. */
            message?: string | null;
            name: string;
            previousProtonIds?: string[] | null;
            runtime?: components["schemas"]["WorkloadRuntimeOutput"];
            status?: components["schemas"]["ReplacementStatus"];
            strategy?: components["schemas"]["ReplacementStrategy"];
            /** @description When the candidate took the traffic. */
            switchedAt?: string | null;
            /** Format: uuid */
            tenantId: string;
            /** Format: date-time */
            updatedAt: string;
            userId: string;
            workloadId: string;
        };
        ReplacementConfig: {
            /**
             * @description Minutes the old proton drains after the switch (0 or less: none).
             * @default 0
             */
            keepOldVersionMinutes?: number;
            /**
             * @description Minutes the candidate warms before the switch (0 or less: none).
             * @default 0
             */
            warmupDurationMinutes?: number;
        };
        ReplacementConfigOutput: {
            /**
             * @description Minutes the old proton drains after the switch (0 or less: none).
             * @default 0
             */
            keepOldVersionMinutes: number;
            /**
             * @description Minutes the candidate warms before the switch (0 or less: none).
             * @default 0
             */
            warmupDurationMinutes: number;
        };
        ReplacementHistoryListResponse: {
            /** @description The number of records on this page. */
            count: number;
            data: components["schemas"]["Replacement"][];
            /** @description The URL of the next page, or null on the last. */
            next: string | null;
            /** @description The URL of the previous page, or null on the first. */
            previous: string | null;
            /** @description The number of records matching the query. */
            totalCount: number;
        };
        /**
         * @description submitted -> initializing (candidate comes up and warms) -> promoting (traffic switch) -> finalizing (old proton drains) -> completed; errored on failure; deleting after a cancel.
         * @enum {string}
         */
        ReplacementStatus: "unknown" | "submitted" | "initializing" | "promoting" | "finalizing" | "completed" | "errored" | "deleting";
        /**
         * @description rolling: the candidate runs beside the old proton and takes the traffic once ready.
         * @enum {string}
         */
        ReplacementStrategy: "rolling";
        ReplicaConditionDetail: {
            met: boolean | null;
            reason?: string | null;
            since: string;
            /** @description PodScheduled, Initialized, ContainersReady or Ready. */
            type: string;
        };
        ReplicaDetail: {
            address: string;
            conditions: components["schemas"]["ReplicaConditionDetail"][];
            containers: components["schemas"]["ContainerStatusDetail"][];
            name: string;
            nodeAddress: string;
            startedAt: string | null;
            status: components["schemas"]["ReplicaPhase"];
        };
        /** @enum {string} */
        ReplicaPhase: "pending" | "running" | "succeeded" | "failed" | "unknown";
        ReplicaStatusesSnapshot: {
            /** @description Recent log lines of the proton's containers, oldest first: the same lines as the proton's statusDetails.logTail. */
            logTail: string[];
            overallStatus: components["schemas"]["WorkloadMonitorOverallStatus"];
            replicas: components["schemas"]["ReplicaDetail"][];
        };
        /** @description Request statistics of a proton over a period. */
        RequestMetrics: {
            /** @description In flight now when the period reaches now; else the peak of the period. */
            concurrentRequests?: number;
            /** @description Average over the period. */
            requestsPerMinute?: number;
            /** @description The responseTimeQuantile of the latencies, in ms. */
            responseTime?: number;
            /** @description Percent of requests answered with a 5xx. */
            serverErrorRate?: number;
            /** @description 5xx answers. */
            serverErrors?: number;
            /** @description Requests slower than slowRequestsThreshold. */
            slowRequests?: number;
            /** @description Percent of requests answered with an error. */
            totalErrorRate?: number;
            totalRequests?: number;
            /** @description Percent of requests answered with a 4xx. */
            userErrorRate?: number;
            /** @description 4xx answers. */
            userErrors?: number;
        };
        RequestStats: {
            concurrentRequests?: number;
            /** @description Share of failed requests, in percent. */
            errorRate?: number;
            /** @description Error rate in each of the last 7 periods. */
            errorRates?: number[];
            lastRequestAt?: string | null;
            /** @description Requests in each of the last 7 periods. */
            requestRates?: number[];
            /** @description Mean response time in milliseconds. */
            responseTime?: number;
            totalRequests?: number;
        };
        /** @description The resource bundle chosen when the proton was scheduled. */
        ResolvedBundle: {
            cpuCount: number;
            gpuCount?: number;
            gpuMaker?: string | null;
            gpuTypeLabel?: string | null;
            id: string;
            memoryBytes: number;
        };
        /** @description The resource bundle chosen when the proton was scheduled. */
        ResolvedBundleOutput: {
            cpuCount: number;
            gpuCount?: number;
            gpuMaker?: string | null;
            gpuTypeLabel?: string | null;
            id: string;
            memoryBytes: number;
        };
        /** @description Resources given to one container. */
        ResourceAllocation: {
            /**
             * @description CPU cores.
             * @default null
             */
            cpu?: number | null;
            /**
             * @description GPUs.
             * @default null
             */
            gpu?: number | null;
            /**
             * @description GPU memory: bytes, or a size such as "16GiB".
             * @default null
             */
            gpuMemory?: (string | number) | null;
            /**
             * @description RAM: bytes, or a size such as "4GB" or "512MiB".
             * @default null
             */
            memory?: (string | number) | null;
        };
        /** @description Resources given to one container. */
        ResourceAllocationOutput: {
            /**
             * @description CPU cores.
             * @default null
             */
            cpu: number | null;
            /**
             * @description GPUs.
             * @default null
             */
            gpu: number | null;
            /**
             * @description GPU memory: bytes, or a size such as "16GiB".
             * @default null
             */
            gpuMemory: (string | number) | null;
            /**
             * @description RAM: bytes, or a size such as "4GB" or "512MiB".
             * @default null
             */
            memory: (string | number) | null;
        };
        /** @enum {string} */
        ResourcePermission: "CAN_VIEW" | "CAN_UPDATE" | "CAN_DELETE" | "CAN_SHARE" | "CAN_MAKE_PREDICTIONS" | "CAN_SHARE_ROLE_OWNER" | "CAN_SHARE_ROLE_READ_WRITE" | "CAN_SHARE_ROLE_READ_ONLY";
        ResourcePermissions: components["schemas"]["ResourcePermission"][] | components["schemas"]["ANY_PERMISSION"][];
        /** @enum {string} */
        ResourceTypes: "artifact" | "artifact_repository" | "proton" | "workload" | "custom_model";
        /**
         * @description What drives the replica count. httpRequestsConcurrency may scale an idle proton to zero; the gpu metrics apply to NIM artifacts.
         * @enum {string}
         */
        ScalingMetricType: "cpuAverageUtilization" | "httpRequestsConcurrency" | "gpuCacheUtilization" | "gpuRequestQueueDepth";
        SeccompProfile: {
            /** @default null */
            localhostProfile?: string | null;
            type: components["schemas"]["SeccompProfileType"];
        };
        SeccompProfileOutput: {
            /** @default null */
            localhostProfile: string | null;
            type: components["schemas"]["SeccompProfileType"];
        };
        /** @enum {string} */
        SeccompProfileType: "RuntimeDefault" | "Unconfined" | "Localhost";
        SecurityContext: {
            /** @default null */
            allowPrivilegeEscalation?: boolean | null;
            /** @default null */
            capabilities?: components["schemas"]["Capabilities"] | null;
            /** @default null */
            readOnlyRootFilesystem?: boolean | null;
            /** @default null */
            seccompProfile?: components["schemas"]["SeccompProfile"] | null;
        };
        SecurityContextOutput: {
            /** @default null */
            allowPrivilegeEscalation: boolean | null;
            /** @default null */
            capabilities: components["schemas"]["CapabilitiesOutput"] | null;
            /** @default null */
            readOnlyRootFilesystem: boolean | null;
            /** @default null */
            seccompProfile: components["schemas"]["SeccompProfileOutput"] | null;
        };
        ServiceArtifactSpec: {
            /** @default [] */
            containerGroups?: components["schemas"]["ContainerGroup"][];
            /**
             * @default service
             * @constant
             */
            type?: "service";
        };
        ServiceArtifactSpecOutput: {
            /** @default [] */
            containerGroups: components["schemas"]["ContainerGroupOutput"][];
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "service";
        };
        /** @description A recipient with access to a resource and its role. */
        SharedRole: {
            /** @description The recipient id. */
            id: string;
            /** @description The recipient name (a username for users). */
            name: string;
            role: components["schemas"]["SharingRole"];
            shareRecipientType: components["schemas"]["SubjectType"];
        };
        SharedRoleListResponse: {
            /** @description The number of records on this page. */
            count: number;
            data: components["schemas"]["SharedRole"][];
            /** @description The URL of the next page, or null on the last. */
            next: string | null;
            /** @description The URL of the previous page, or null on the first. */
            previous: string | null;
            /** @description The number of records matching the query. */
            totalCount: number;
        };
        SharedRolesUpdateRequest: {
            /**
             * @description The only operation: updateRoles.
             * @constant
             */
            operation: "updateRoles";
            /** @description The new shared roles, replacing the current ones. The creator stays owner unless listed; NO_ROLE removes a recipient. */
            roles: (components["schemas"]["GrantAccessControlWithUsername"] | components["schemas"]["GrantAccessControlWithId"])[];
        };
        /**
         * @description The role a recipient holds on a resource; NO_ROLE removes access.
         * @enum {string}
         */
        SharingRole: "NO_ROLE" | "OWNER" | "READ_WRITE" | "EDITOR" | "USER" | "DATA_SCIENTIST" | "ADMIN" | "READ_ONLY" | "CONSUMER" | "OBSERVER";
        StringEnvironmentVariable: {
            name: string;
            /**
             * @default string
             * @constant
             */
            source?: "string";
            value: string;
        };
        StringEnvironmentVariableOutput: {
            name: string;
            /**
             * @default string
             * @constant
             */
            source: "string";
            value: string;
        };
        /**
         * @description What kind of recipient a role is granted to.
         * @enum {string}
         */
        SubjectType: "user" | "group" | "organization" | "role";
        /** @description Which proton and period a series covers. */
        Summary: {
            period: components["schemas"]["Period"];
            protonId: string;
        };
        TagInfo: {
            id: string;
            name: string;
            value: string;
        };
        Tags: components["schemas"]["TagInfo"][];
        /**
         * @description Fields to change; locking is one-way.
         * @example {
         *       "description": "The agent behind checkout."
         *     }
         */
        UpdateArtifactRequest: {
            description?: string | null;
            name?: string | null;
            spec?: components["schemas"]["MultiContainerArtifactSpec"] | null;
            status?: components["schemas"]["ArtifactStatus"] | null;
        };
        /**
         * @example {
         *       "runtime": {
         *         "containerGroups": [
         *           {
         *             "name": "default",
         *             "replicaCount": 2
         *           }
         *         ]
         *       }
         *     }
         */
        UpdateSettingsRequest: {
            runtime: components["schemas"]["WorkloadRuntime"];
        };
        UpdateWorkloadRequest: {
            description?: string | null;
            importance?: components["schemas"]["WorkloadImportance"] | null;
            name?: string | null;
        };
        /** @description A user, as embedded in responses. */
        UserData: {
            email?: string | null;
            fullName?: string | null;
            /** @description User id */
            id: string;
            userhash?: string | null;
            username?: string | null;
        };
        ValidationError: {
            ctx?: {
                [key: string]: unknown;
            };
            input?: unknown;
            loc: (string | number)[];
            msg: string;
            type: string;
        };
        VersionResponse: {
            /** @description Major version of the API. */
            major: number;
            /** @description Minor version of the API. */
            minor: number;
            /** @description The platform release the API belongs to. */
            releasedVersion: string;
            /** @description major.minor.patch, which the DataRobot Python client checks. */
            versionString: string;
        };
        WorkloadEvent: {
            /** @description The user who caused it; null for the platform. */
            actorId?: string | null;
            details?: {
                [key: string]: unknown;
            } | null;
            /** @description workload.created, proton.statusChanged, replacement.completed, ... */
            eventType: string;
            id: string;
            /** Format: date-time */
            timestamp: string;
            workloadId: string;
        };
        WorkloadEventsResponse: {
            /** @description The number of records on this page. */
            count: number;
            data: components["schemas"]["WorkloadEvent"][];
            /** @description The URL of the next page, or null on the last. */
            next: string | null;
            /** @description The URL of the previous page, or null on the first. */
            previous: string | null;
            /** @description The number of records matching the query. */
            totalCount: number;
        };
        WorkloadFormatted: {
            artifact?: components["schemas"]["ArtifactInfoFormatted"] | null;
            artifactId?: string | null;
            /** Format: date-time */
            createdAt: string;
            creator?: components["schemas"]["UserData"] | null;
            description?: string | null;
            /** @description Stable for the life of the workload. */
            endpoint?: string | null;
            id: string;
            importance?: components["schemas"]["WorkloadImportance"];
            lastResponse?: string | null;
            name: string;
            owners?: components["schemas"]["UserData"][];
            permissions?: components["schemas"]["ResourcePermissions"];
            protonId?: string | null;
            replacement?: components["schemas"]["WorkloadReplacementFormatted"] | null;
            requestStats?: components["schemas"]["RequestStats"] | null;
            runtime?: components["schemas"]["WorkloadRuntimeOutput"];
            /** @description Status of the active proton, with proton-only states collapsed. */
            status?: components["schemas"]["ProtonStatus"];
            tags?: components["schemas"]["Tags"];
            type?: components["schemas"]["ArtifactType"];
            /** Format: date-time */
            updatedAt: string;
        };
        /** @enum {string} */
        WorkloadImportance: "critical" | "high" | "moderate" | "low";
        WorkloadListResponse: {
            /** @description The number of records on this page. */
            count: number;
            data: components["schemas"]["WorkloadFormatted"][];
            /** @description The URL of the next page, or null on the last. */
            next: string | null;
            /** @description The URL of the previous page, or null on the first. */
            previous: string | null;
            /** @description The number of records matching the query. */
            totalCount: number;
        };
        WorkloadMonitorOverallStatus: {
            lastUpdated: string;
            state: components["schemas"]["ProtonStatus"];
            summary: string;
        };
        WorkloadOperationResponse: {
            /** @description What was accepted, in words. */
            status: string;
            /** @description URL to poll for the resulting status. */
            trackVia: string;
            workloadId: string;
        };
        WorkloadReplacementFormatted: {
            candidateProtonIds?: string[];
            status?: components["schemas"]["ReplacementStatus"];
            strategy?: components["schemas"]["ReplacementStrategy"];
        };
        /** @description Per container group: replicas or autoscaling, and container resources. */
        WorkloadRuntime: {
            /** @description Legacy: autoscaling of the "default" group. */
            autoscaling?: components["schemas"]["AutoscalingProperties"] | null;
            containerGroups?: components["schemas"]["GroupRuntime"][];
            /** @description Legacy: the replica count of the "default" group. */
            replicaCount?: number | null;
        };
        /** @description Per container group: replicas or autoscaling, and container resources. */
        WorkloadRuntimeOutput: {
            /** @description Legacy: autoscaling of the "default" group. */
            autoscaling?: components["schemas"]["AutoscalingPropertiesOutput"] | null;
            containerGroups?: components["schemas"]["GroupRuntimeOutput"][];
            /** @description Legacy: the replica count of the "default" group. */
            replicaCount?: number | null;
        };
        WorkloadsConcurrentRequestsStats: {
            /** @description Requests in flight now. */
            count?: number;
            /** @description Relative change over the previous 24 hours (0.5: half as much again); positive is increasing. */
            trend?: number;
        };
        WorkloadsCountStats: {
            /** @description Workloads running. */
            active?: number;
            total?: number;
        };
        WorkloadsErrorRateStats: {
            /** @description Percent of requests that failed. */
            rate?: number;
            /** @description Relative change over the previous 24 hours (0.5: half as much again); positive is increasing. */
            trend?: number;
        };
        WorkloadSettingsResponse: {
            runtime?: components["schemas"]["WorkloadRuntimeOutput"];
        };
        /** @enum {string} */
        WorkloadSortQueryParam: "name" | "-name" | "createdAt" | "-createdAt" | "updatedAt" | "-updatedAt" | "status" | "-status" | "importance" | "-importance";
        WorkloadsRequestsStats: {
            /** @description Answered with a 4xx or 5xx. */
            failed?: number;
            succeeded?: number;
            total?: number;
            /** @description Relative change over the previous 24 hours (0.5: half as much again); positive is increasing. */
            trend?: number;
        };
        WorkloadsResponseTimeStats: {
            /** @description Mean response time. */
            millis?: number;
            /** @description Relative change over the previous 24 hours (0.5: half as much again); positive is increasing. */
            trend?: number;
        };
        /**
         * @description totalRequests; requestsOverN (slower than slowRequestsThreshold); requestsPerMinute; concurrentRequests (peak); responseTime (the responseTimeQuantile, ms); totalErrorRate (%).
         * @enum {string}
         */
        WorkloadStatsMetricName: "totalRequests" | "requestsOverN" | "requestsPerMinute" | "concurrentRequests" | "responseTime" | "totalErrorRate";
        /** @description Request statistics of the matching workloads over the last 24 hours. */
        WorkloadStatsResponse: {
            concurrentRequests?: components["schemas"]["WorkloadsConcurrentRequestsStats"];
            errorRate?: components["schemas"]["WorkloadsErrorRateStats"];
            requests?: components["schemas"]["WorkloadsRequestsStats"];
            responseTime?: components["schemas"]["WorkloadsResponseTimeStats"];
            workloads?: components["schemas"]["WorkloadsCountStats"];
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    mockGetClock: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MockClock"];
                };
            };
            /** @description MOCK_ADMIN_TOKEN is set and the request does not carry it. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    mockUpdateClock: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MockClockUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MockClock"];
                };
            };
            /** @description The body is not text in any JSON encoding. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description MOCK_ADMIN_TOKEN is set and the request does not carry it. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is larger than the server's limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    mockAdvanceClock: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MockClockAdvance"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MockClock"];
                };
            };
            /** @description The body is not text in any JSON encoding. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description MOCK_ADMIN_TOKEN is set and the request does not carry it. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is larger than the server's limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    mockListFaults: {
        parameters: {
            query?: {
                /** @description Only the faults a reset of this tenant would take away (its name, or a token of it): those naming it, its workloads or its artifacts. */
                tenant?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MockFaultList"];
                };
            };
            /** @description MOCK_ADMIN_TOKEN is set and the request does not carry it. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    mockCreateFault: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MockFaultRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MockFault"];
                };
            };
            /** @description The body is not text in any JSON encoding. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description MOCK_ADMIN_TOKEN is set and the request does not carry it. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is larger than the server's limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    mockClearFaults: {
        parameters: {
            query?: {
                /** @description Only the faults a reset of this tenant would take away (its name, or a token of it): those naming it, its workloads or its artifacts. */
                tenant?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No content. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description MOCK_ADMIN_TOKEN is set and the request does not carry it. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is larger than the server's limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    mockDeleteFault: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                fault_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No content. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description MOCK_ADMIN_TOKEN is set and the request does not carry it. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is larger than the server's limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    mockHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MockHealth"];
                };
            };
        };
    };
    mockListRequests: {
        parameters: {
            query?: {
                limit?: number;
                /** @description Only this HTTP method. */
                method?: string;
                offset?: number;
                /** @description Only paths starting with this, or matching it as a glob when it has * or ?. */
                path?: string;
                /** @description Only this status code (404) or class (4xx). */
                status?: string;
                /** @description Only requests authenticated as this tenant: its name or, with MOCK_TOKENS, one of its tokens. */
                tenant?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MockJournalList"];
                };
            };
            /** @description MOCK_ADMIN_TOKEN is set and the request does not carry it. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    mockClearRequests: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No content. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description MOCK_ADMIN_TOKEN is set and the request does not carry it. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is larger than the server's limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    mockReset: {
        parameters: {
            query?: {
                /** @description Only this tenant: its name, or a token of it (without MOCK_TOKENS the token is the name). */
                tenant?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["MockResetRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MockReset"];
                };
            };
            /** @description The body is not text in any JSON encoding. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description MOCK_ADMIN_TOKEN is set and the request does not carry it. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is larger than the server's limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    mockExportState: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MockState"];
                };
            };
            /** @description MOCK_ADMIN_TOKEN is set and the request does not carry it. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    mockImportState: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MockState"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MockStateImported"];
                };
            };
            /** @description The body is not text in any JSON encoding. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description MOCK_ADMIN_TOKEN is set and the request does not carry it. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is larger than the server's limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    mockStream: {
        parameters: {
            query?: {
                /** @description Resume after this id, like the Last-Event-ID header (which wins when both are given). */
                lastEventId?: string;
                /** @description Only messages about this tenant (and global ones): its name or, with MOCK_TOKENS, one of its tokens. */
                tenant?: string;
                /** @description Only these message types, comma separated (hello always comes). */
                types?: ("workload" | "proton" | "pods" | "replacement" | "event" | "clock" | "fault" | "reset")[];
                /** @description Only messages about this workload (and global ones). */
                workloadId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An endless text/event-stream; each data line is a MockStreamMessage. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": components["schemas"]["MockStreamMessage"];
                };
            };
            /** @description MOCK_ADMIN_TOKEN is set and the request does not carry it. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    mockListTenants: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MockTenantList"];
                };
            };
            /** @description MOCK_ADMIN_TOKEN is set and the request does not carry it. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    mockInterruptWorkload: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workload id */
                workload_id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["MockInterruptRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MockDisruption"];
                };
            };
            /** @description The body is not text in any JSON encoding. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description MOCK_ADMIN_TOKEN is set and the request does not carry it. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is larger than the server's limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    mockRestartWorkload: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workload id */
                workload_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MockDisruption"];
                };
            };
            /** @description MOCK_ADMIN_TOKEN is set and the request does not carry it. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is larger than the server's limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    mockResumeWorkload: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workload id */
                workload_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MockDisruption"];
                };
            };
            /** @description MOCK_ADMIN_TOKEN is set and the request does not carry it. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is larger than the server's limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    mockSuspendWorkload: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workload id */
                workload_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MockDisruption"];
                };
            };
            /** @description MOCK_ADMIN_TOKEN is set and the request does not carry it. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is larger than the server's limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    mockListTraffic: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workload id */
                workload_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MockTrafficRunList"];
                };
            };
            /** @description MOCK_ADMIN_TOKEN is set and the request does not carry it. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    mockStartTraffic: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workload id */
                workload_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MockTrafficRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MockTrafficRun"];
                };
            };
            /** @description The body is not text in any JSON encoding. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description MOCK_ADMIN_TOKEN is set and the request does not carry it. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is larger than the server's limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    mockStopTraffic: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workload id */
                workload_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No content. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description MOCK_ADMIN_TOKEN is set and the request does not carry it. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is larger than the server's limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    listArtifactRepositories: {
        parameters: {
            query?: {
                createdBy?: string;
                ids?: string[];
                /** @description How many records to return (1 to 100). */
                limit?: number;
                /** @description How many records to skip. */
                offset?: number;
                orderBy?: components["schemas"]["CommonSortQueryParams"];
                /** @description Case-insensitive match on the name or part of the id. */
                search?: string;
                tagKeys?: string[];
                tagValues?: string[];
                type?: components["schemas"]["ArtifactType"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ArtifactRepositoryListResponse"];
                };
            };
            /** @description Missing or invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getArtifactRepository: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Artifact repository id */
                artifact_repository_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ArtifactRepositoryFormatted"];
                };
            };
            /** @description Missing or invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found, or not visible to this token. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    deleteArtifactRepository: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Artifact repository id */
                artifact_repository_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No content. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing or invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found, or not visible to this token. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The repository holds locked artifacts or artifacts in use by workloads. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is larger than the server's limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    listArtifactRepositorySharedRoles: {
        parameters: {
            query?: {
                /** @description How many records to return (1 to 100). */
                limit?: number;
                /** @description How many records to skip. */
                offset?: number;
            };
            header?: never;
            path: {
                /** @description The artifact repository id */
                artifact_repository_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SharedRoleListResponse"];
                };
            };
            /** @description Missing or invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found, or not visible to this token. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    updateArtifactRepositorySharedRoles: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The artifact repository id */
                artifact_repository_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SharedRolesUpdateRequest"];
            };
        };
        responses: {
            /** @description No content. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The body is not text in any JSON encoding. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing or invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found, or not visible to this token. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is larger than the server's limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    listArtifacts: {
        parameters: {
            query?: {
                createdBy?: string;
                ids?: string[];
                /** @description How many records to return (1 to 100). */
                limit?: number;
                /** @description How many records to skip. */
                offset?: number;
                orderBy?: components["schemas"]["ArtifactSortQueryParams"];
                repositoryId?: string;
                /** @description Case-insensitive match on name, description or part of the id. */
                search?: string;
                status?: components["schemas"]["ArtifactStatus"];
                tagKeys?: string[];
                tagValues?: string[];
                type?: components["schemas"]["ArtifactType"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ArtifactListResponse"];
                };
            };
            /** @description Missing or invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    createArtifact: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["InputArtifact"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ArtifactFormatted"];
                };
            };
            /** @description The body is not text in any JSON encoding. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing or invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is larger than the server's limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getArtifact: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Artifact id */
                artifact_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ArtifactFormatted"];
                };
            };
            /** @description Missing or invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found, or not visible to this token. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    updateArtifact: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Artifact id */
                artifact_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["InputArtifact"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ArtifactFormatted"];
                };
            };
            /** @description The body is not text in any JSON encoding. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing or invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The artifact is locked. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found, or not visible to this token. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is larger than the server's limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    deleteArtifact: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Artifact id */
                artifact_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No content. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing or invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found, or not visible to this token. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The artifact is locked or in use by a workload. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is larger than the server's limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    patchArtifact: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Artifact id */
                artifact_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateArtifactRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ArtifactFormatted"];
                };
            };
            /** @description The body is not text in any JSON encoding. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing or invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The artifact is locked. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found, or not visible to this token. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is larger than the server's limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getArtifactBuildList: {
        parameters: {
            query?: {
                /** @description How many records to return (1 to 100). */
                limit?: number;
                /** @description How many records to skip. */
                offset?: number;
            };
            header?: never;
            path: {
                /** @description Artifact id */
                artifact_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImageBuildFormattedList"];
                };
            };
            /** @description Missing or invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found, or not visible to this token. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    triggerArtifactBuild: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Artifact id */
                artifact_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImageBuildTriggerResponse"];
                };
            };
            /** @description Missing or invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found, or not visible to this token. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is larger than the server's limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getArtifactBuild: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Artifact id */
                artifact_id: string;
                /** @description Build id */
                build_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImageBuildFormatted"];
                };
            };
            /** @description Missing or invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found, or not visible to this token. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getArtifactBuildLogs: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Artifact id */
                artifact_id: string;
                /** @description Build id */
                build_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The build log, one line per step. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            /** @description Missing or invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found, or not visible to this token. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    cloneArtifact: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Artifact id */
                artifact_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ArtifactCloneRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ArtifactFormatted"];
                };
            };
            /** @description The body is not text in any JSON encoding. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing or invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found, or not visible to this token. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is larger than the server's limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    listArtifactSharedRoles: {
        parameters: {
            query?: {
                /** @description How many records to return (1 to 100). */
                limit?: number;
                /** @description How many records to skip. */
                offset?: number;
            };
            header?: never;
            path: {
                /** @description The artifact id */
                artifact_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SharedRoleListResponse"];
                };
            };
            /** @description Missing or invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found, or not visible to this token. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    updateArtifactSharedRoles: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The artifact id */
                artifact_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SharedRolesUpdateRequest"];
            };
        };
        responses: {
            /** @description No content. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The body is not text in any JSON encoding. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing or invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found, or not visible to this token. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is larger than the server's limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    callWorkloadEndpointGet: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Any path below the endpoint, passed to the workload. */
                path: string;
                /** @description Workload id */
                workload_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MockEndpointEcho"];
                };
            };
            /** @description Missing or invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found, or not visible to this token. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The simulated workload failed the request (an ErrorRate fault). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No replica is ready (from the gateway), or the replica is overloaded (from the workload). */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No replica became ready within MOCK_COLD_START_TIMEOUT (cold start). */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    callWorkloadEndpointPut: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Any path below the endpoint, passed to the workload. */
                path: string;
                /** @description Workload id */
                workload_id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "*/*": unknown;
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MockEndpointEcho"];
                };
            };
            /** @description Missing or invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found, or not visible to this token. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is larger than the server's limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The simulated workload failed the request (an ErrorRate fault). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No replica is ready (from the gateway), or the replica is overloaded (from the workload). */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No replica became ready within MOCK_COLD_START_TIMEOUT (cold start). */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    callWorkloadEndpointPost: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Any path below the endpoint, passed to the workload. */
                path: string;
                /** @description Workload id */
                workload_id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "*/*": unknown;
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MockEndpointEcho"];
                };
            };
            /** @description Missing or invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found, or not visible to this token. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is larger than the server's limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The simulated workload failed the request (an ErrorRate fault). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No replica is ready (from the gateway), or the replica is overloaded (from the workload). */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No replica became ready within MOCK_COLD_START_TIMEOUT (cold start). */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    callWorkloadEndpointDelete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Any path below the endpoint, passed to the workload. */
                path: string;
                /** @description Workload id */
                workload_id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "*/*": unknown;
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MockEndpointEcho"];
                };
            };
            /** @description Missing or invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found, or not visible to this token. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is larger than the server's limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The simulated workload failed the request (an ErrorRate fault). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No replica is ready (from the gateway), or the replica is overloaded (from the workload). */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No replica became ready within MOCK_COLD_START_TIMEOUT (cold start). */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    callWorkloadEndpointOptions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Any path below the endpoint, passed to the workload. */
                path: string;
                /** @description Workload id */
                workload_id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "*/*": unknown;
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MockEndpointEcho"];
                };
            };
            /** @description Missing or invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found, or not visible to this token. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is larger than the server's limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The simulated workload failed the request (an ErrorRate fault). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No replica is ready (from the gateway), or the replica is overloaded (from the workload). */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No replica became ready within MOCK_COLD_START_TIMEOUT (cold start). */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    callWorkloadEndpointPatch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Any path below the endpoint, passed to the workload. */
                path: string;
                /** @description Workload id */
                workload_id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "*/*": unknown;
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MockEndpointEcho"];
                };
            };
            /** @description Missing or invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found, or not visible to this token. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is larger than the server's limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The simulated workload failed the request (an ErrorRate fault). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No replica is ready (from the gateway), or the replica is overloaded (from the workload). */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No replica became ready within MOCK_COLD_START_TIMEOUT (cold start). */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    listOtelLogs: {
        parameters: {
            query?: {
                /** @description Only what happened before this time: the window is [startTime, endTime). */
                endTime?: string;
                /** @description Only lines whose message contains none of these. */
                excludes?: string[];
                /** @description Only lines whose message contains every one of these. */
                includes?: string[];
                level?: components["schemas"]["OtelLogLevel"];
                /** @description How many records to return (1 to 1000). */
                limit?: number;
                /** @description How many records to skip. */
                offset?: number;
                /** @description Only lines of this span. */
                spanId?: string;
                /** @description Only what happened at or after this time. */
                startTime?: string;
                /** @description Only lines of this trace. */
                traceId?: string;
            };
            header?: never;
            path: {
                /** @description The id of the entity (a workload id). */
                entityId: string;
                entityType: components["schemas"]["OtelEntityType"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OtelLogsResponse"];
                };
            };
            /** @description Invalid time range: startTime is after endTime. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing or invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found, or not visible to this token. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    listOtelMetrics: {
        parameters: {
            query?: {
                /** @description Only what happened before this time: the window is [startTime, endTime). */
                endTime?: string;
                resolution?: components["schemas"]["OtelMetricResolution"];
                /** @description Only what happened at or after this time. */
                startTime?: string;
            };
            header?: never;
            path: {
                /** @description The id of the entity (a workload id). */
                entityId: string;
                entityType: components["schemas"]["OtelEntityType"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OtelMetricsResponse"];
                };
            };
            /** @description Invalid time range, or too many steps. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing or invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found, or not visible to this token. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    listOtelAutocollectedMetricValues: {
        parameters: {
            query?: {
                /** @description Only what happened before this time: the window is [startTime, endTime). */
                endTime?: string;
                /** @description Only what happened at or after this time. */
                startTime?: string;
            };
            header?: never;
            path: {
                /** @description The id of the entity (a workload id). */
                entityId: string;
                entityType: components["schemas"]["OtelEntityType"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OtelAutocollectedValuesResponse"];
                };
            };
            /** @description Invalid time range, or too many steps. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing or invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found, or not visible to this token. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    listOtelTraces: {
        parameters: {
            query?: {
                /** @description Only what happened before this time: the window is [startTime, endTime). */
                endTime?: string;
                /** @description How many records to return (1 to 1000). */
                limit?: number;
                /** @description How many records to skip. */
                offset?: number;
                /** @description Only what happened at or after this time. */
                startTime?: string;
                /** @description error: only traces whose root span failed (statusCode Error); ok: only the others. */
                status?: "ok" | "error";
            };
            header?: never;
            path: {
                /** @description The id of the entity (a workload id). */
                entityId: string;
                entityType: components["schemas"]["OtelEntityType"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OtelTracesResponse"];
                };
            };
            /** @description Invalid time range: startTime is after endTime. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing or invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found, or not visible to this token. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getOtelTrace: {
        parameters: {
            query?: {
                /** @description How many records to return (1 to 1000). */
                limit?: number;
                /** @description How many records to skip. */
                offset?: number;
            };
            header?: never;
            path: {
                /** @description The id of the entity (a workload id). */
                entityId: string;
                entityType: components["schemas"]["OtelEntityType"];
                /** @description 32 hex characters. */
                traceId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OtelTraceResponse"];
                };
            };
            /** @description Missing or invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found, or not visible to this token. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getVersion: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VersionResponse"];
                };
            };
            /** @description Missing or invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    listWorkloads: {
        parameters: {
            query?: {
                artifactId?: string;
                artifactStatus?: components["schemas"]["ArtifactStatus"][];
                createdBy?: string;
                ids?: string[];
                importance?: components["schemas"]["WorkloadImportance"][];
                /** @description How many records to return (1 to 100). */
                limit?: number;
                /** @description How many records to skip. */
                offset?: number;
                orderBy?: components["schemas"]["WorkloadSortQueryParam"];
                repositoryId?: string;
                /** @description Case-insensitive match on name, description or part of the id. */
                search?: string;
                /** @description true: each workload carries its requestStats; otherwise they are null. */
                serviceStats?: boolean;
                status?: components["schemas"]["ProtonStatus"][];
                tagKeys?: string[];
                tagValues?: string[];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkloadListResponse"];
                };
            };
            /** @description Missing or invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    createWorkload: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateWorkloadRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkloadFormatted"];
                };
            };
            /** @description The body is not text in any JSON encoding. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing or invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found, or not visible to this token. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is larger than the server's limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getWorkload: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workload id */
                workload_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkloadFormatted"];
                };
            };
            /** @description Missing or invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found, or not visible to this token. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    deleteWorkload: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workload id */
                workload_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted, but a proton could not be stopped. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail: string;
                    };
                };
            };
            /** @description No content. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing or invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found, or not visible to this token. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is larger than the server's limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    updateWorkload: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workload id */
                workload_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateWorkloadRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkloadFormatted"];
                };
            };
            /** @description The body is not text in any JSON encoding. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing or invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found, or not visible to this token. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is larger than the server's limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    listWorkloadEvents: {
        parameters: {
            query?: {
                /** @description How many records to return (1 to 100). */
                limit?: number;
                /** @description How many records to skip. */
                offset?: number;
            };
            header?: never;
            path: {
                /** @description Workload id */
                workload_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkloadEventsResponse"];
                };
            };
            /** @description Missing or invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found, or not visible to this token. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    listWorkloadArtifactHistory: {
        parameters: {
            query?: {
                /** @description How many records to return (1 to 100). */
                limit?: number;
                /** @description How many records to skip. */
                offset?: number;
            };
            header?: never;
            path: {
                /** @description Workload id */
                workload_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReplacementHistoryListResponse"];
                };
            };
            /** @description Missing or invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found, or not visible to this token. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    promoteWorkloadArtifact: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workload id */
                workload_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkloadFormatted"];
                };
            };
            /** @description Missing or invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found, or not visible to this token. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is larger than the server's limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    listWorkloadProtons: {
        parameters: {
            query?: {
                /** @description How many records to return (1 to 100). */
                limit?: number;
                /** @description How many records to skip. */
                offset?: number;
            };
            header?: never;
            path: {
                /** @description Workload id */
                workload_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProtonListResponse"];
                };
            };
            /** @description Missing or invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found, or not visible to this token. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getWorkloadProton: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Proton id */
                proton_id: string;
                /** @description Workload id */
                workload_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProtonFormatted"];
                };
            };
            /** @description Missing or invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found, or not visible to this token. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getWorkloadProtonStatusDetails: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Proton id */
                proton_id: string;
                /** @description Workload id */
                workload_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReplicaStatusesSnapshot"];
                };
            };
            /** @description No content. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing or invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found, or not visible to this token. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getWorkloadRelatedEntities: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workload id */
                workload_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RelatedEntitiesResponse"];
                };
            };
            /** @description Missing or invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found, or not visible to this token. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getWorkloadReplacement: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workload id */
                workload_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Replacement"];
                };
            };
            /** @description Missing or invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found, or not visible to this token. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    createWorkloadReplacement: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workload id */
                workload_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateReplacementRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Replacement"];
                };
            };
            /** @description One artifact is locked and the other a draft. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing or invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found, or not visible to this token. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is larger than the server's limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    cancelWorkloadReplacement: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workload id */
                workload_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Replacement"];
                };
            };
            /** @description Missing or invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found, or not visible to this token. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is larger than the server's limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getWorkloadSettings: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workload id */
                workload_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkloadSettingsResponse"];
                };
            };
            /** @description Missing or invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found, or not visible to this token. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    updateWorkloadSettings: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workload id */
                workload_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateSettingsRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Replacement"];
                };
            };
            /** @description The body is not text in any JSON encoding. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing or invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found, or not visible to this token. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description A replacement is already in progress. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is larger than the server's limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    listWorkloadSharedRoles: {
        parameters: {
            query?: {
                /** @description How many records to return (1 to 100). */
                limit?: number;
                /** @description How many records to skip. */
                offset?: number;
            };
            header?: never;
            path: {
                /** @description The workload id */
                workload_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SharedRoleListResponse"];
                };
            };
            /** @description Missing or invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found, or not visible to this token. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    updateWorkloadSharedRoles: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The workload id */
                workload_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SharedRolesUpdateRequest"];
            };
        };
        responses: {
            /** @description No content. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The body is not text in any JSON encoding. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing or invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found, or not visible to this token. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is larger than the server's limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    startWorkload: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workload id */
                workload_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Already running: nothing to do. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkloadOperationResponse"];
                };
            };
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkloadOperationResponse"];
                };
            };
            /** @description Missing or invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found, or not visible to this token. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The workload is not stopped. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is larger than the server's limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getWorkloadStats: {
        parameters: {
            query?: {
                /** @description End of the period; now when left out. */
                endTime?: string;
                /** @description A proton of the workload; the active one when left out. */
                protonId?: string;
                responseTimeQuantile?: number;
                /** @description In milliseconds. */
                slowRequestsThreshold?: number;
                /** @description Start of the period; when the proton started when left out. */
                startTime?: string;
            };
            header?: never;
            path: {
                /** @description Workload id */
                workload_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProtonRequestStats"];
                };
            };
            /** @description Invalid time range, or too many steps. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing or invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found, or not visible to this token. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    resetWorkloadStats: {
        parameters: {
            query?: {
                endTime?: string;
                /** @description A proton of the workload; the active one when left out. */
                protonId?: string;
                startTime?: string;
            };
            header?: never;
            path: {
                /** @description Workload id */
                workload_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No content. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid time range, or too many steps. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing or invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found, or not visible to this token. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is larger than the server's limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getWorkloadMetricTimeSeries: {
        parameters: {
            query?: {
                /** @description End of the period; now when left out. */
                endTime?: string;
                /** @description A proton of the workload; the active one when left out. */
                protonId?: string;
                resolution?: components["schemas"]["OtelMetricResolution"];
                responseTimeQuantile?: number;
                /** @description In milliseconds. */
                slowRequestsThreshold?: number;
                /** @description Start of the period; when the proton started when left out. */
                startTime?: string;
            };
            header?: never;
            path: {
                metric_name: components["schemas"]["WorkloadStatsMetricName"];
                /** @description Workload id */
                workload_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProtonRequestMetricOverTime"];
                };
            };
            /** @description Invalid time range, or too many steps. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing or invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found, or not visible to this token. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    stopWorkload: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workload id */
                workload_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Already stopped: nothing to do. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkloadOperationResponse"];
                };
            };
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkloadOperationResponse"];
                };
            };
            /** @description Missing or invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found, or not visible to this token. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is larger than the server's limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    listWorkloadsStats: {
        parameters: {
            query?: {
                artifactId?: string;
                artifactStatus?: components["schemas"]["ArtifactStatus"][];
                createdBy?: string;
                ids?: string[];
                importance?: components["schemas"]["WorkloadImportance"][];
                orderBy?: components["schemas"]["WorkloadSortQueryParam"];
                repositoryId?: string;
                /** @description Case-insensitive match on name, description or part of the id. */
                search?: string;
                status?: components["schemas"]["ProtonStatus"][];
                tagKeys?: string[];
                tagValues?: string[];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkloadStatsResponse"];
                };
            };
            /** @description Missing or invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Validation error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"] | components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
}
