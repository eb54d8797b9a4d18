<#import "kcedu-mail-layout.ftl" as m>
<@m.layout>
<p>${msg("kceduResetUnknownBody", realmName)}</p>
<p><a href="${registerUrl}" style="font-weight: bold;">${msg("kceduResetUnknownAction")}</a></p>
<p>${msg("kceduNotYou")}</p>
</@m.layout>
