/*
 * The resolver role. The parent sends the names the profiles' ACEs use
 * (MSG_DNS_NAMES, after each reload); this role asks the DNS server for
 * each name's A and AAAA records, and again when their TTL (clamped to
 * policy-dns-min-ttl and policy-dns-max-ttl) has run out, and sends each
 * answer to the parent (MSG_DNS_ANSWER), which puts the addresses in the
 * name's sets. A failure is retried sooner (5 s, doubling up to 5 min);
 * meanwhile the addresses already known run out on their own time, so a
 * name that cannot be resolved ends up denied.
 *
 * Each query has a socket of its own, connected to the server: a random
 * source port and a random id, and only the server's datagrams reach it.
 * An answer must match the question (dns_wire.c), else it is ignored. A
 * truncated answer (TC: more addresses than 512 bytes hold) is asked
 * again over TCP (RFC 7766); should that fail, the addresses it held are
 * used.
 */
#include "resolver/resolver.h"

#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <errno.h>
#include <netinet/in.h>
#include <resolv.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include "common/log.h"
#include "daemon/chan.h"
#include "daemon/role.h"
#include "resolver/dns_wire.h"

#define QUERIES_MAX 64     /* outstanding at once */
#define QUERY_TIMEOUT_S 2  /* per try */
#define QUERY_TRIES 2
#define RETRY_FIRST_S 5    /* after a failure, doubling */
#define RETRY_MAX_S 300

enum { FAM_A, FAM_AAAA, FAMS };

struct watch;

struct query {
	struct resolverd *rd;
	struct watch *w;
	int fam;
	int fd;
	int tries;
	uint16_t id;
	time_t deadline;
	struct event *ev;
	struct dns_answer *partial; /* the truncated answer: TCP is asked */
	uint8_t *tcp;               /* the TCP answer, its length first */
	size_t tcp_have;
};

struct watch {
	char name[DNS_NAME_MAX + 1];
	int stale; /* not in the list being received */
	time_t next[FAMS];
	unsigned backoff[FAMS];
	int failing[FAMS]; /* said once per streak */
	struct query *q[FAMS];
};

struct resolverd {
	const struct config *cfg;
	struct chan ch;
	struct event_base *base;
	struct event *tick;
	struct sockaddr_storage server;
	socklen_t server_len;
	char server_text[64];
	size_t n, cap;
	struct watch **w;
	unsigned outstanding;
	int told; /* the number of names was logged */
	uint64_t asked, answered, failed, ignored, failed_tcp;
};

static const uint16_t qtypes[FAMS] = {DNS_QTYPE_A, DNS_QTYPE_AAAA};
static const char *const qnames[FAMS] = {"A", "AAAA"};

static uint16_t
random_id(void)
{
	uint16_t id;

	if (getrandom(&id, sizeof(id), 0) != sizeof(id))
		fatal("getrandom");
	return id;
}

static void
query_free(struct query *q)
{
	q->rd->outstanding--;
	q->w->q[q->fam] = NULL;
	if (q->ev != NULL)
		event_free(q->ev);
	if (q->fd >= 0)
		close(q->fd);
	free(q->partial);
	free(q->tcp);
	free(q);
}

/* The query is over: answered (a != NULL) or failed. */
static void
finish(struct query *q, const struct dns_answer *a, const char *why)
{
	struct resolverd *rd = q->rd;
	struct watch *w = q->w;
	int f = q->fam;
	time_t now = time(NULL);

	if (a == NULL) {
		rd->failed++;
		if (!w->failing[f]++)
			log_warnx("resolver: %s (%s) from %s: %s; retrying",
			    w->name, qnames[f], rd->server_text, why);
		w->backoff[f] = w->backoff[f] ? w->backoff[f] * 2
		                              : RETRY_FIRST_S;
		if (w->backoff[f] > RETRY_MAX_S)
			w->backoff[f] = RETRY_MAX_S;
		w->next[f] = now + (time_t)w->backoff[f];
	} else {
		static struct msg_dns_answer m; /* 2 KiB: kept off the stack */
		const struct policy_conf *pc = &rd->cfg->policy;
		uint32_t ttl = a->ttl;
		struct obuf out;

		rd->answered++;
		if (w->failing[f])
			log_info("resolver: %s (%s) answers again", w->name,
			    qnames[f]);
		w->failing[f] = 0;
		w->backoff[f] = 0;
		if (ttl < pc->dns_min_ttl || a->n == 0)
			ttl = pc->dns_min_ttl;
		if (ttl > pc->dns_max_ttl)
			ttl = pc->dns_max_ttl;
		if (a->truncated || a->dropped)
			log_debug("resolver: %s (%s): %zu addresses kept of a "
				  "%s answer", w->name, qnames[f], a->n,
			    a->truncated ? "truncated" : "longer");
		memset(&m, 0, sizeof(m));
		snprintf(m.name, sizeof(m.name), "%s", w->name);
		m.family = f == FAM_A ? 4 : 6;
		m.ttl = ttl;
		m.n = (uint16_t)(a->n < IPC_DNS_ADDRS_MAX ? a->n
		                                          : IPC_DNS_ADDRS_MAX);
		memcpy(m.addrs, a->addrs, m.n * sizeof(m.addrs[0]));
		obuf_init(&out, IPC_HDR_LEN + IPC_MAX_PAYLOAD);
		ipc_encode_dns_answer(&out, &m);
		if (chan_send(&rd->ch, &out) < 0)
			log_warnx("resolver: cannot send %s to the parent",
			    w->name);
		obuf_reset(&out);
		w->next[f] = now + (time_t)ttl;
	}
	query_free(q);
}

static int
send_query(struct query *q)
{
	uint8_t buf[DNS_QUERY_MAX];
	int len;

	q->id = random_id();
	len = dns_query_build(q->id, q->w->name, qtypes[q->fam], buf,
	    sizeof(buf));
	if (len < 0)
		return len;
	q->tries++;
	q->deadline = time(NULL) + QUERY_TIMEOUT_S;
	q->rd->asked++;
	return send(q->fd, buf, (size_t)len, 0) == len ? 0 : -1;
}

#define TCP_MAX (2 + 65535) /* the length, then the largest message */

/* TCP has failed or timed out: the truncated answer's addresses. */
static void
tcp_fallback(struct query *q)
{
	q->rd->failed_tcp++;
	finish(q, q->partial, NULL);
}

static void
on_tcp_read(evutil_socket_t fd, short what, void *arg)
{
	static struct dns_answer a;
	struct query *q = arg;
	size_t need;
	ssize_t n;

	if (!(what & EV_READ)) {
		tcp_fallback(q);
		return;
	}
	n = recv(fd, q->tcp + q->tcp_have, TCP_MAX - q->tcp_have, 0);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		tcp_fallback(q);
		return;
	}
	q->tcp_have += (size_t)n;
	if (q->tcp_have < 2)
		return;
	need = (size_t)q->tcp[0] << 8 | q->tcp[1];
	if (q->tcp_have < 2 + need)
		return;
	if (dns_answer_parse(q->tcp + 2, need, q->id, q->w->name,
	        qtypes[q->fam], &a) == DNS_EOK)
		finish(q, &a, NULL);
	else
		tcp_fallback(q);
}

static void
on_tcp_connected(evutil_socket_t fd, short what, void *arg)
{
	struct timeval tv = {.tv_sec = QUERY_TIMEOUT_S};
	struct query *q = arg;
	uint8_t msg[2 + DNS_QUERY_MAX];
	socklen_t len = sizeof(int);
	int err = 0, n;

	if (!(what & EV_WRITE) ||
	    getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0 || err != 0) {
		tcp_fallback(q);
		return;
	}
	n = dns_query_build(q->id, q->w->name, qtypes[q->fam], msg + 2,
	    sizeof(msg) - 2);
	if (n < 0) {
		tcp_fallback(q);
		return;
	}
	msg[0] = (uint8_t)(n >> 8);
	msg[1] = (uint8_t)n;
	/* a few hundred bytes on a new connection: sent at once */
	if (send(fd, msg, (size_t)n + 2, MSG_NOSIGNAL) != n + 2) {
		tcp_fallback(q);
		return;
	}
	event_free(q->ev);
	q->ev = event_new(
	    q->rd->base, fd, EV_READ | EV_PERSIST, on_tcp_read, q);
	if (q->ev == NULL) {
		tcp_fallback(q);
		return;
	}
	event_add(q->ev, &tv);
}

/* The answer was truncated: ask the same question over TCP, keeping the
 * addresses it held for when TCP fails. */
static void
to_tcp(struct query *q, const struct dns_answer *a)
{
	struct timeval tv = {.tv_sec = QUERY_TIMEOUT_S};
	struct resolverd *rd = q->rd;

	q->partial = malloc(sizeof(*q->partial));
	q->tcp = malloc(TCP_MAX);
	if (q->partial == NULL || q->tcp == NULL) {
		finish(q, a, NULL);
		return;
	}
	*q->partial = *a;
	event_free(q->ev);
	q->ev = NULL;
	close(q->fd);
	q->fd = socket(rd->server.ss_family,
	    SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (q->fd < 0 ||
	    (connect(q->fd, (struct sockaddr *)&rd->server, rd->server_len) <
	            0 &&
	        errno != EINPROGRESS)) {
		tcp_fallback(q);
		return;
	}
	q->ev = event_new(rd->base, q->fd, EV_WRITE, on_tcp_connected, q);
	if (q->ev == NULL) {
		tcp_fallback(q);
		return;
	}
	event_add(q->ev, &tv);
}

static void
on_query(evutil_socket_t fd, short what, void *arg)
{
	static uint8_t buf[65536];
	static struct dns_answer a;
	struct query *q = arg;
	ssize_t n;
	int rc;

	if (what & EV_READ) {
		n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0 && errno == ECONNREFUSED) {
			finish(q, NULL, "connection refused");
			return;
		}
		if (n > 0) {
			rc = dns_answer_parse(buf, (size_t)n, q->id, q->w->name,
			    qtypes[q->fam], &a);
			if (rc == DNS_EOK && a.truncated) {
				to_tcp(q, &a);
				return;
			}
			if (rc == DNS_EOK) {
				finish(q, &a, NULL);
				return;
			}
			if (rc == -DNS_ERCODE) {
				finish(q, NULL, "the server answered with an "
				                "error (SERVFAIL, REFUSED...)");
				return;
			}
			q->rd->ignored++; /* not the answer to this query */
		}
		if (time(NULL) < q->deadline)
			return;
	}
	if (q->tries >= QUERY_TRIES || send_query(q) < 0)
		finish(q, NULL, "no answer");
}

static void
start_query(struct resolverd *rd, struct watch *w, int f)
{
	struct timeval tv = {.tv_sec = QUERY_TIMEOUT_S};
	struct query *q = calloc(1, sizeof(*q));

	if (q == NULL)
		return;
	q->rd = rd;
	q->w = w;
	q->fam = f;
	q->fd = socket(rd->server.ss_family,
	    SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (q->fd < 0 ||
	    connect(q->fd, (struct sockaddr *)&rd->server, rd->server_len) <
	        0) {
		log_warnx("resolver: a socket to %s: %s", rd->server_text,
		    strerror(errno));
		if (q->fd >= 0)
			close(q->fd);
		free(q);
		w->next[f] = time(NULL) + RETRY_FIRST_S;
		return;
	}
	q->ev = event_new(rd->base, q->fd, EV_READ | EV_PERSIST, on_query, q);
	rd->outstanding++;
	w->q[f] = q;
	event_add(q->ev, &tv);
	if (send_query(q) < 0)
		finish(q, NULL, strerror(errno));
}

/* Once a second: ask for what is due, QUERIES_MAX at a time. */
static void
on_tick(evutil_socket_t fd, short what, void *arg)
{
	struct resolverd *rd = arg;
	time_t now = time(NULL);

	(void)fd;
	(void)what;
	if (rd->server_len == 0)
		return; /* no server: said once at start */
	for (size_t i = 0; i < rd->n && rd->outstanding < QUERIES_MAX; i++)
		for (int f = 0; f < FAMS && rd->outstanding < QUERIES_MAX; f++)
			if (rd->w[i]->q[f] == NULL && rd->w[i]->next[f] <= now)
				start_query(rd, rd->w[i], f);
}

static void
watch_free(struct watch *w)
{
	for (int f = 0; f < FAMS; f++)
		if (w->q[f] != NULL)
			query_free(w->q[f]);
	free(w);
}

static void
add_name(struct resolverd *rd, const char *name)
{
	struct watch *w, **v;

	for (size_t i = 0; i < rd->n; i++)
		if (strcmp(rd->w[i]->name, name) == 0) {
			rd->w[i]->stale = 0;
			return;
		}
	if (!dns_name_valid(name)) {
		log_warnx("resolver: '%s' is not a host name; ignored", name);
		return;
	}
	if (rd->n == rd->cap) {
		size_t cap = rd->cap ? rd->cap * 2 : 16;

		v = realloc(rd->w, cap * sizeof(*v));
		if (v == NULL)
			return;
		rd->w = v;
		rd->cap = cap;
	}
	w = calloc(1, sizeof(*w));
	if (w == NULL)
		return;
	snprintf(w->name, sizeof(w->name), "%s", name);
	rd->w[rd->n++] = w; /* next 0: asked at the next tick */
}

static void
on_names(struct resolverd *rd, const struct msg_dns_names *m)
{
	size_t k = 0;

	if (m->first)
		for (size_t i = 0; i < rd->n; i++)
			rd->w[i]->stale = 1;
	for (size_t i = 0; i < m->n; i++)
		add_name(rd, m->names[i]);
	if (!m->last)
		return;
	for (size_t i = 0; i < rd->n; i++) {
		if (rd->w[i]->stale)
			watch_free(rd->w[i]);
		else
			rd->w[k++] = rd->w[i];
	}
	if (k != rd->n || !rd->told) {
		log_info("resolver: %zu names to keep resolved, through %s",
		    k, rd->server_len ? rd->server_text : "no server");
		rd->told = 1;
	}
	rd->n = k;
	on_tick(-1, 0, rd);
}

static void
on_parent_msg(void *arg, enum msg_type type, struct ibuf *payload)
{
	static struct msg_dns_names names; /* 50 KiB: kept off the stack */
	struct resolverd *rd = arg;
	struct msg_config mc;

	if (type == MSG_CONFIG && ipc_decode_config(payload, &mc) == 0) {
		log_setlevel((enum log_level)mc.log_level);
		return;
	}
	if (type == MSG_DNS_NAMES && ipc_decode_dns_names(payload, &names) == 0) {
		on_names(rd, &names);
		return;
	}
	log_warnx("unexpected %s message from the parent", ipc_type_name(type));
}

static void
on_chan(evutil_socket_t fd, short what, void *arg)
{
	struct resolverd *rd = arg;

	(void)fd;
	(void)what;
	if (chan_read(&rd->ch, on_parent_msg, rd) < 0)
		fatalx("lost the parent's channel");
}

/* The configured server, or the first nameserver of /etc/resolv.conf. */
static int
pick_server(struct resolverd *rd)
{
	const struct policy_conf *pc = &rd->cfg->policy;
	struct __res_state st;
	int found = 0;

	if (pc->dns_server_len > 0) {
		memcpy(&rd->server, &pc->dns_server, pc->dns_server_len);
		rd->server_len = pc->dns_server_len;
		found = 1;
	} else {
		memset(&st, 0, sizeof(st));
		if (res_ninit(&st) < 0)
			return -1;
		for (int i = 0; i < st.nscount && !found; i++) {
			/* glibc keeps IPv6 servers apart, in _u._ext. */
			if (st.nsaddr_list[i].sin_family == AF_INET) {
				memcpy(&rd->server, &st.nsaddr_list[i],
				    sizeof(struct sockaddr_in));
				rd->server_len = sizeof(struct sockaddr_in);
				found = 1;
			} else if (st._u._ext.nsaddrs[i] != NULL) {
				memcpy(&rd->server, st._u._ext.nsaddrs[i],
				    sizeof(struct sockaddr_in6));
				rd->server_len = sizeof(struct sockaddr_in6);
				found = 1;
			}
		}
		res_nclose(&st);
	}
	if (!found)
		return -1;
	if (rd->server.ss_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (void *)&rd->server;
		char a[INET6_ADDRSTRLEN];

		inet_ntop(AF_INET6, &s6->sin6_addr, a, sizeof(a));
		snprintf(rd->server_text, sizeof(rd->server_text), "[%s]:%u",
		    a, ntohs(s6->sin6_port));
	} else {
		const struct sockaddr_in *s4 = (void *)&rd->server;
		char a[INET_ADDRSTRLEN];

		inet_ntop(AF_INET, &s4->sin_addr, a, sizeof(a));
		snprintf(rd->server_text, sizeof(rd->server_text), "%s:%u", a,
		    ntohs(s4->sin_port));
	}
	return 0;
}

int
resolver_main(int fd, const struct role_env *env, const struct config *cfg)
{
	struct resolverd rd = {.cfg = cfg};
	struct timeval second = {.tv_sec = 1};
	struct event *chan, *term;
	int have_server;

	proc_drop_privileges();
	proc_forget_others("resolver", env, cfg);
	signal(SIGPIPE, SIG_IGN);
	have_server = pick_server(&rd) == 0;
	chan_init(&rd.ch, fd);
	rd.base = event_base_new();
	if (rd.base == NULL)
		fatalx("resolver: out of memory");
	chan = event_new(rd.base, fd, EV_READ | EV_PERSIST, on_chan, &rd);
	term = evsignal_new(rd.base, SIGTERM, role_on_term, rd.base);
	rd.tick = event_new(rd.base, -1, EV_PERSIST, on_tick, &rd);
	event_add(chan, NULL);
	evsignal_add(term, NULL);
	if (have_server)
		event_add(rd.tick, &second);
	else
		log_warnx("resolver: no DNS server (policy-dns-server is not "
			  "set and /etc/resolv.conf names none): DNS-name "
			  "ACEs stay denied");
	role_announce_ready(&rd.ch, "resolver");
	event_base_dispatch(rd.base);
	log_info("resolver: %llu queries, %llu answered, %llu failed, %llu "
		 "datagrams ignored, %llu truncated answers TCP could not "
		 "complete",
	    (unsigned long long)rd.asked, (unsigned long long)rd.answered,
	    (unsigned long long)rd.failed, (unsigned long long)rd.ignored,
	    (unsigned long long)rd.failed_tcp);
	for (size_t i = 0; i < rd.n; i++)
		watch_free(rd.w[i]);
	free(rd.w);
	event_free(rd.tick);
	event_free(chan);
	event_free(term);
	event_base_free(rd.base);
	return 0;
}
