{* Berth: the VPS of this service, on the client area's product details page (vars from berth_ClientArea). *}
<div class="berth-service">
    {if $berthError}
        <div class="alert alert-warning">{$berthError|escape:'html'}</div>
    {else}
        <table class="table table-striped berth-server">
            <tbody>
                <tr>
                    <th scope="row">Status</th>
                    <td>
                        <span class="label label-default berth-status">{$berth.status|escape:'html'}</span>
                        {if $berth.statusMessage}<small class="text-muted">{$berth.statusMessage|escape:'html'}</small>{/if}
                    </td>
                </tr>
                <tr>
                    <th scope="row">Hostname</th>
                    <td>{$berth.hostname|escape:'html'}</td>
                </tr>
                <tr>
                    <th scope="row">Plan</th>
                    <td>{$berth.plan|escape:'html'}</td>
                </tr>
                <tr>
                    <th scope="row">IPv4</th>
                    <td>{if $berth.ipv4}<code>{$berth.ipv4|escape:'html'}</code>{else}&ndash;{/if}</td>
                </tr>
                <tr>
                    <th scope="row">IPv6</th>
                    <td>
                        {if $berth.ipv6}<code>{$berth.ipv6|escape:'html'}</code>{else}&ndash;{/if}
                        {if $berth.ipv6Prefix} (prefix <code>{$berth.ipv6Prefix|escape:'html'}</code>){/if}
                    </td>
                </tr>
                <tr>
                    <th scope="row">SSH host keys</th>
                    <td>
                        {foreach from=$berth.hostKeys item=hostKey}
                            <div><code>{$hostKey.type|escape:'html'} {$hostKey.fingerprint|escape:'html'}</code></div>
                        {foreachelse}
                            &ndash;
                        {/foreach}
                    </td>
                </tr>
            </tbody>
        </table>
        {if $berth.status neq 'terminated'}
            <a class="btn btn-primary" href="{$berthLoginUrl|escape:'html'}" target="_blank" rel="noopener">Log in to the control panel</a>
        {/if}
    {/if}
</div>
