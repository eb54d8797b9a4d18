<#import "kcedu-mail-layout.ftl" as m>
<@m.layout>
<p>${msg("kceduEmailChangedBody", realmName, newEmail)}</p>
<p>${msg("kceduEmailChangedNotYou")}</p>
</@m.layout>
