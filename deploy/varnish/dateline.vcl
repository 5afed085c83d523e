# Varnish in front of Dateline (Varnish 7.x).
#
# Public pages are the same for every reader, so cookies are stripped and a
# burst of readers costs the app one render (request coalescing is Varnish's
# default for cacheable objects). The app purges what a publish changes, by URL
# and by surrogate key (vmod_xkey, Debian's varnish-modules): every page names
# what it shows in an xkey header, so one purge of "page-123" drops every page
# that shows article 123. Grace keeps stale pages on offer for hours when the
# app or its database is down.
#
# A hit costs less without the client side of the shared-memory log (about a
# sixth of varnishd's CPU per hit here): if you read access logs another way,
# run varnishd with the -p vsl_mask=... that dateline/caching/stack.py uses.
vcl 4.1;

import std;
import xkey;

backend app {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    .between_bytes_timeout = 10s;
    .probe = {
        .url = "/robots.txt";
        .interval = 2s;
        .timeout = 1s;
        .window = 5;
        .threshold = 3;
        .initial = 3;
    }
}

# Only the app servers may purge.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    # varnishd has already appended client.ip to X-Forwarded-For, after whatever
    # the client sent: the app believes only that last entry
    # (DATELINE_TRUST_X_FORWARDED_FOR, dateline/caching/proxy.py).
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Purging is not allowed from " + client.ip));
        }
        # A purge by key: every object tagged with any of the header's keys
        # (space-separated), whatever its URL, host or encoding. Hard, not
        # soft: a publish (a correction, an unpublish) must not be served
        # stale while the new page renders; grace still covers a sick app.
        if (req.http.xkey-purge) {
            return (synth(200, "Purged " + xkey.purge(req.http.xkey-purge) + " objects"));
        }
        # One copy per encoding (vcl_hash): purge each in turn (vcl_purge).
        unset req.http.X-Dateline-Encoding;
        if (req.restarts == 1) {
            set req.http.X-Dateline-Encoding = "br";
        } elsif (req.restarts == 2) {
            set req.http.X-Dateline-Encoding = "identity";
        }
        return (purge);
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The newsroom, previews, private documents and the comment form are per person.
    if (req.url ~ "^/(admin/|django-admin/|documents/|[a-z-]+/comments/)") {
        return (pass);
    }
    if (req.http.Authorization) {
        return (pass);
    }
    # Readers arriving from social networks carry tracking parameters; they
    # must not turn one story into thousands of cache misses. (Tested first:
    # most requests have none, and a hit should cost as little as it can.)
    if (req.url ~ "[?&](utm_[a-z]+|fbclid|gclid|mc_[a-z]+)=") {
        set req.url = regsuball(req.url, "([?&])(utm_[a-z]+|fbclid|gclid|mc_[a-z]+)=[^&]*", "\1");
        set req.url = regsuball(req.url, "[?&]+$", "");
        set req.url = regsub(req.url, "\?&+", "?");
    }
    unset req.http.Cookie;
    # The app compresses (brotli or gzip) and says Vary: Accept-Encoding.
    # Varnish rewrites Accept-Encoding to "gzip" or nothing after this sub, so
    # a brotli reader is remembered here, gets a copy of its own (vcl_hash)
    # and its fetch asks the app for br (vcl_backend_fetch). A client that
    # takes neither (curl, some bots, load generators) gets an uncompressed
    # copy of its own too: otherwise Varnish would unzip the gzip copy on every
    # one of its hits. docs/decisions/0007-compression.md
    # A reader whose browser asks to save data gets the text-only page at the
    # same URL (the app says Vary: Save-Data). One spelling of the header, so
    # Varnish keeps two copies of a page, not one per way of writing "on".
    if (req.http.Save-Data ~ "(?i)^\s*on\s*$") {
        set req.http.Save-Data = "on";
    } else {
        unset req.http.Save-Data;
    }
    unset req.http.X-Dateline-Encoding;
    if (req.http.Accept-Encoding ~ "(^|[ ,])br *(,|;|$)") {
        set req.http.X-Dateline-Encoding = "br";
    } elsif (req.http.Accept-Encoding !~ "gzip") {
        set req.http.X-Dateline-Encoding = "identity";
    }
    return (hash);
}

sub vcl_hash {
    if (req.http.X-Dateline-Encoding) {
        hash_data(req.http.X-Dateline-Encoding);
    }
    # Then the built-in vcl_hash: the URL and the host.
}

sub vcl_purge {
    if (req.restarts < 2) {
        return (restart);
    }
}

sub vcl_backend_fetch {
    if (bereq.http.X-Dateline-Encoding == "br") {
        set bereq.http.Accept-Encoding = "br";
    } elsif (bereq.http.X-Dateline-Encoding == "identity") {
        unset bereq.http.Accept-Encoding;
    }
    unset bereq.http.X-Dateline-Encoding;
}

sub vcl_backend_response {
    # Serve stale copies for six hours while the backend is sick or slow.
    set beresp.grace = 6h;
    if (bereq.url ~ "^/(admin|django-admin|documents)/") {
        set beresp.uncacheable = true;
        return (deliver);
    }
    if (beresp.http.Set-Cookie) {
        # Something personal: never share it, and don't queue readers behind it.
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    if (beresp.status >= 500 && bereq.is_bgfetch) {
        # Keep the stale copy rather than replacing it with an error.
        return (abandon);
    }
    if (beresp.status >= 500) {
        set beresp.ttl = 1s;
        set beresp.grace = 0s;
    }
    return (deliver);
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    unset resp.http.Via;
    unset resp.http.X-Varnish;
    # Readers need no keys. Surrogate-Key and Cache-Tag stay: a CDN in front
    # of Varnish (Fastly, Cloudflare) reads them from what Varnish sends it,
    # and strips them itself before its readers.
    unset resp.http.xkey;
}

sub vcl_synth {
    if (resp.status == 405 || req.http.xkey-purge) {
        set resp.http.Content-Type = "text/plain; charset=utf-8";
        synthetic(resp.reason);
        return (deliver);
    }
}

# The app did not answer (stopped, or no healthy backend) and nothing cached
# can stand in: the same plain page the app gives when its database is down,
# in the edition's language (the words are the app's own translations, checked
# against its catalogs by dateline/outages/tests/test_unavailable_pages.py).
sub vcl_backend_error {
    set beresp.http.Content-Type = "text/html; charset=utf-8";
    set beresp.http.Retry-After = "60";
    set beresp.http.Cache-Control = "no-store";
    if (bereq.url ~ "^/es(/|$)") {
        synthetic({"<!doctype html>
<html lang="es" dir="ltr"><head><meta charset="utf-8"><title>No disponible temporalmente</title></head>
<body><main><h1>No disponible temporalmente</h1>
<p>Esta página no se puede mostrar ahora. Inténtelo de nuevo en un minuto.</p></main></body></html>
"});
    } elsif (bereq.url ~ "^/ar(/|$)") {
        synthetic({"<!doctype html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>غير متاح مؤقتًا</title></head>
<body><main><h1>غير متاح مؤقتًا</h1>
<p>لا يمكن عرض هذه الصفحة الآن. يُرجى المحاولة بعد دقيقة.</p></main></body></html>
"});
    } else {
        synthetic({"<!doctype html>
<html lang="en" dir="ltr"><head><meta charset="utf-8"><title>Temporarily unavailable</title></head>
<body><main><h1>Temporarily unavailable</h1>
<p>This page cannot be shown right now. Please try again in a minute.</p></main></body></html>
"});
    }
    return (deliver);
}
