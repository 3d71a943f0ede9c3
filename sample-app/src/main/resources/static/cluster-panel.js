// The page's live cluster panel: asks /api/cluster every 1.5 s and shows the nodes, their share of the
// partitions, under-replicated and lost partitions and the last failover. No framework, no build step.
(function () {
    'use strict';

    var REFRESH_MILLIS = 1500;
    var TIMEOUT_MILLIS = 4000;
    var panel = document.getElementById('cluster-panel');
    if (!panel) {
        return;
    }
    var url = panel.getAttribute('data-url') || '/api/cluster';
    // Names of the nodes seen since the shop was opened in this tab, kept across reloads: the endpoint names a
    // departed node only by its address.
    var SEEN_KEY = 'sessiongrid-nodes-seen';
    var seen = {};
    try {
        seen = JSON.parse(window.sessionStorage.getItem(SEEN_KEY) || '{}') || {};
    }
    catch (error) {
        seen = {};
    }

    function byId(id) {
        return document.getElementById(id);
    }

    function time(iso) {
        var date = new Date(iso);
        return isNaN(date.getTime()) ? iso : date.toLocaleTimeString();
    }

    function plural(count, one, many) {
        return count + ' ' + (count === 1 ? one : many);
    }

    function cell(row, text, className) {
        var td = document.createElement('td');
        td.textContent = text;
        if (className) {
            td.className = className;
        }
        row.appendChild(td);
    }

    function status(state, nodes, text) {
        var element = byId('panel-status');
        element.setAttribute('data-state', state);
        element.setAttribute('data-nodes', String(nodes));
        element.textContent = text;
    }

    function show(body) {
        var replication = body.replication;
        var nodes = body.nodes;
        var copies = replication.backups + 1;
        if (replication.lostPartitions > 0) {
            status('lost', nodes.length, plural(nodes.length, 'node', 'nodes') + ': '
                + plural(replication.lostPartitions, 'partition', 'partitions')
                + ' lost every copy; their sessions fail until an operator resets them.');
        }
        else if (replication.fullyReplicated) {
            status('full', nodes.length, plural(nodes.length, 'node', 'nodes') + ': full redundancy, every session has '
                + (nodes.length > replication.backups ? 'all its ' + copies + ' copies.' : 'all the copies it can.'));
        }
        else {
            status('under-replicated', nodes.length, plural(nodes.length, 'node', 'nodes') + ': '
                + plural(replication.underReplicatedPartitions, 'partition has', 'partitions have')
                + ' fewer than ' + copies + ' copies; the missing ones are being made.');
        }
        var tbody = byId('panel-nodes');
        tbody.textContent = '';
        nodes.forEach(function (node) {
            var row = document.createElement('tr');
            row.setAttribute('data-node', node.name);
            if (node.local) {
                row.className = 'local';
            }
            cell(row, node.name + (node.local ? ' (answered this refresh)' : ''));
            cell(row, String(node.primaries), 'price');
            cell(row, String(node.backups), 'price');
            cell(row, node.sessionCopy ? node.sessionCopy + ' copy' : '-');
            tbody.appendChild(row);
        });
        var present = {};
        nodes.forEach(function (node) {
            present[node.name] = true;
            seen[node.name] = true;
        });
        try {
            window.sessionStorage.setItem(SEEN_KEY, JSON.stringify(seen));
        }
        catch (error) {
            // no storage: the names are remembered until the next reload only
        }
        var gone = Object.keys(seen).filter(function (name) { return !present[name]; }).sort();
        byId('panel-gone').textContent = gone.length
            ? 'Gone since you opened the shop in this tab: ' + gone.join(', ') + '.' : '';
        byId('panel-underreplicated').textContent = String(replication.underReplicatedPartitions);
        byId('panel-lost').textContent = String(replication.lostPartitions);
        var failover = replication.lastFailover;
        var failoverText = byId('panel-failover');
        if (failover) {
            failoverText.setAttribute('data-recovered', String(failover.recoveryMillis !== null));
            failoverText.textContent = 'the node at ' + failover.nodeAddress + ' ' + failover.cause + ' at '
                + time(failover.at) + '; ' + (failover.recoveryMillis !== null
                    ? 'full redundancy again after ' + (failover.recoveryMillis / 1000).toFixed(1) + ' s'
                    : 'copies still being rebuilt');
        }
        else {
            failoverText.removeAttribute('data-recovered');
            failoverText.textContent = 'none seen by this instance';
        }
    }

    function answeredBy(body) {
        var servedBy = body && body.servedBy;
        byId('panel-answered-by').textContent = servedBy
            ? 'Answered by the instance on port ' + servedBy.port + (servedBy.node ? ' (' + servedBy.node + ')' : '')
                + ' at ' + new Date().toLocaleTimeString() + '.'
            : '';
    }

    function refresh() {
        var controller = window.AbortController ? new AbortController() : null;
        var timeout = controller ? setTimeout(function () { controller.abort(); }, TIMEOUT_MILLIS) : null;
        fetch(url, { cache: 'no-store', credentials: 'same-origin', signal: controller ? controller.signal : undefined })
            .then(function (response) {
                return response.json().then(function (body) {
                    answeredBy(body);
                    if (response.ok) {
                        show(body);
                    }
                    else {
                        status('unavailable', 0, body.error || ('HTTP ' + response.status));
                    }
                });
            })
            .catch(function (error) {
                answeredBy(null);
                status('unavailable', 0, 'No answer (' + error + '); trying again.');
            })
            .then(function () {
                if (timeout) {
                    clearTimeout(timeout);
                }
                setTimeout(refresh, REFRESH_MILLIS);
            });
    }

    refresh();
}());
