<#import "kcedu-mail-layout.ftl" as m>
<@m.layout>
<p>${msg("kceduRegisterLinkGreeting", firstName)}</p>
<p>${msg("kceduRegisterLinkBody", realmName)}</p>
<p><a href="${link}" style="font-weight: bold;">${msg("kceduRegisterLinkAction")}</a></p>
<p>${msg("kceduRegisterLinkExpiry", linkExpirationMinutes)}</p>
<p>${msg("kceduNotYou")}</p>
</@m.layout>
