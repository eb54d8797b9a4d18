<#import "kcedu-mail-layout.ftl" as m>
<@m.layout>
<p>${msg("kceduRegisterExistsBody", realmName)}</p>
<p><a href="${resetUrl}" style="font-weight: bold;">${msg("kceduRegisterExistsAction")}</a></p>
<p>${msg("kceduNotYou")}</p>
</@m.layout>
