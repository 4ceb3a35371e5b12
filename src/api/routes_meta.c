/* /healthz, /metrics and /api/v1/whoami. */
#include "api/api.h"

void
route_healthz(struct api_req *rq)
{
	struct jsonw w;
	int version = store_schema_version(rq->st);

	if (version < 0) {
		api_store_error(rq, version, NULL);
		return;
	}
	api_json_begin(rq, 200, &w);
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "status", "ok");
	jsonw_kint(&w, "schema_version", version);
	jsonw_obj_close(&w);
}

void
route_metrics(struct api_req *rq)
{
	metrics_render(rq);
}

void
route_whoami(struct api_req *rq)
{
	struct jsonw w;

	api_json_begin(rq, 200, &w);
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "name", rq->actor);
	jsonw_kstr(&w, "role", role_name(rq->role));
	jsonw_obj_close(&w);
}
