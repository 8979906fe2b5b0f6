document.writeln("<div class=\"footWrapd\">");
document.writeln("<div class=\"w1100 foot\">");
document.writeln("	 <div class=\'info clearfix\'>");

document.writeln("        <div class=\'jc fl\' style=\'margin: 23px 5px 0 17px;\'>");
document.writeln("<script id=\'_jiucuo_\' sitecode=\'bm07000001\' src=\'https://zfwzgl.www.gov.cn/exposure/jiucuo.js\'></script>");
document.writeln("");
document.writeln("            <!--<a href=\'javascript:;\'><img src=\'template/7035837/7035887.jpg\'></a>-->");
document.writeln("        </div>");

document.writeln("        <div class=\'jg fl\' style=\'margin: 13px 2px 0 0px;\'><span id=\'_ideConac\'><a href=\'http://bszs.conac.cn/sitename?method=show&amp;id=072863338FF66940E053022819ACCE02\' target=\'_blank\'><img id=\'imgConac\' vspace=\'0\' hspace=\'0\' border=\'0\' src=\'/cms_files/filemanager/picture/20201/535f2b797f2f483294086405cdd063fc.png\' data-bd-imgshare-binded=\'1\'></a></span></div>");
document.writeln("        <div class=\'jg fl\' style=\'margin:20px 20px 0 0px;\'><img width=\'130\' border=\'0\' src=\'/cms_files/filemanager/1226211233/picture/202112/6e9d4612621242f186246c6da453cb36.png\'></div>");
document.writeln("        <div class=\'txt fl\'>");
document.writeln("            <p class=\'lastp\'><a href=\'http://www.gov.cn/\' target=\'_blank\' style=\'color:#666\'>中国政府网</a><span><a href=\'/wzdt/index.html\' target=\'_blank\' style=\'color:#666\'> 网站地图</a></span>");
document.writeln("            </p>");
document.writeln("            <p>主办单位：中华人民共和国工业和信息化部<span>地址: 中国北京西长安街13号</span>邮编: 100804</p>");
document.writeln("            <p>版权所有：中华人民共和国工业和信息化部<span>网站标识码：bm07000001</p></span>");
document.writeln("            <p><a href=\'http://beian.miit.gov.cn/\' target=\'_blank\' style=\'color:#666;margin-right:19px;\'>京ICP备04000001号-2</a><img src=\'/cms_files/filemanager/1226211233/picture/202112/a154a58872cf4481bb41d306feffb9f8.png\' style=\'margin-top:2px;\'><a href=\'http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=11040102700068\' target=\'_blank\' style=\'color:#666;\'>京公网安备 11040102700068号</a></p>");
document.writeln("        </div>");
document.writeln("    </div>");
document.writeln("</div>");
document.writeln("</div>");

document.writeln("<div class=\"mob-bottom\">");
document.writeln("	<a href=\"javascript:void(0);\" class=\"btm01 m-destop\"><img height=\"20\" src=\"/cms_files/filemanager/picture/20203/87a26ea2ac994dd1a42fb1d25653a0f4.png\">电脑版网站</a>");
document.writeln("	<a href=\"https://bzxx.miit.gov.cn/qa/znzx/main\" class=\"btm02\"><img height=\"24\" src=\"/cms_files/filemanager/1226211233/picture/20222/c839e24f7e7841c990029b048d5a386a.png\">阳光小信</a>");
document.writeln("</div>");

document.writeln("<div class=\"mob-foot\">");
document.writeln("	<div class=\"mob-foot-l\"><table width=\"100%\" height=\"100%\"><tr><td style=\"vertical-align: top;\">");
document.writeln("	<a class=\"mfooter-bz\" href=\'http://bszs.conac.cn/sitename?method=show&amp;id=072863338FF66940E053022819ACCE02\'><img src=\"/cms_files/filemanager/picture/20201/535f2b797f2f483294086405cdd063fc.png\"></a><span><img src=\"/cms_files/filemanager/1226211233/picture/202112/6e9d4612621242f186246c6da453cb36.png\" style=\"width:90%;\"></span>");
document.writeln("	</td></tr></table></div>");
document.writeln("	<div class=\"mob-foot-r\">");
document.writeln("		<p>主办单位：中华人民共和国工业和信息化部</p>");
document.writeln("		<p>地址: 中国北京西长安街13号　　邮编: 100804</p>");
document.writeln("		<p>版权所有：中华人民共和国工业和信息化部网站</p>");
document.writeln("		<p>标识码：bm07000001 <a href=\"http://beian.miit.gov.cn/\">京ICP备04000001号-2</a></p>");
document.writeln("		<p><a href=\"http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=11040102700068\"><img src=\"/cms_files/filemanager/picture/20201/13489b1e11544f8d991cf22973541b57.png\">京公网安备 11040102700068号</a></p>");
document.writeln("	</div>");
document.writeln("");
document.writeln("</div>");
$(".cmain img").removeAttr("title");
document.writeln("<style>");
document.writeln(".wzy-wrapper .cmain p,.wzy-wrapper .cmain,.wzy-wrapper .mnav,body *{ outline:none !important}");

document.writeln(".ariabodytopfiexed .wzy-wrapper .cmain .ariafocus {");
document.writeln("    outline: 2px solid #fcff00 !important;");
document.writeln("    transition: outline 250ms !important;");
document.writeln("}");
document.writeln("");
document.writeln("</style>");
document.writeln("<style>");


document.writeln(".foot .info{padding:20px 0;border-top:1px solid #d1d1d1;width:100%;}");
document.writeln(".foot .info .jc{margin:15px 50px 0 17px;}");
document.writeln(".foot .info .jg{margin:10px 40px 0 0;}");
document.writeln(".foot .info .txt{color:#666;line-height:24px;}");
document.writeln(".foot .info .txt p span{margin:0 19px;}");
document.writeln(".foot .info .txt p img{margin-right:6px;}");
document.writeln(".foot .info .txt p.lastp{margin-top:0px;}");
document.writeln(".foot #_span_jiucuo img{border:1px solid #ddd !important;}");

document.writeln(".mob-nav{width:100%;height:50px;background:#0051A7;float:left;display:none;line-height:50px;}");
document.writeln(".mob-nav a{color:#fff;font-size:18px;display:block;width:100%;text-align:center;}");
document.writeln("");
document.writeln(".mob-foot{width:100%;float:left;background:#f5f5f5;font-size:14px;color:#333;line-height:2;display:flex;padding:15px 0;display:none;}");
document.writeln(".mob-foot a{color:#333;}");
document.writeln(".mob-foot-l{width:30%;position:relative;text-align:center;}");
document.writeln(".mob-foot-l img{position:relative;top:0;margin-top:0;}");
document.writeln(".mob-foot-r{width:100%;}");
document.writeln(".mob-foot-r a img{position: relative;top: 5px;padding-right: 7px;}");
document.writeln("");
document.writeln(".mob-bottom{width:100%;float:left;height:50px;background:#025193;font-size:18px;color:#fff;text-align:center;display:none;}");
document.writeln(".mob-bottom a{color:#fff;line-height:18px;margin-top:16px;display:inline-block;vertical-align:top;position:relative;padding-left:30px;box-sizing:border-box;}");
document.writeln(".mob-bottom a + a{margin-left:30px;}");
document.writeln(".mob-bottom img{position:absolute;top:0px;margin-right:8px;left:0;}");
document.writeln(".mob-bottom a.btm02 img{top:-2px;}");

document.writeln(".mob-foot-l{width:50%;}");
document.writeln(".mob-foot-l #_span_jiucuo{position: relative;top: 12px;display: inline-block;padding-bottom: 15px;}");
document.writeln("#share-popup{top:-85px!important;}");
document.writeln("}");
document.writeln("</style>");

//document.writeln("<script defer async type=\"text/javascript\" src=\"//gov.govwza.cn/dist/aria.js?appid=ebea76f0dad67fde57b8367c5106f53d\" charset=\"utf-8\"></script>");

document.writeln("<script defer async type=\"text/javascript\" src=\"//gov.govwza.cn/dist/aria.js?appid=ebea76f0dad67fde57b8367c5106f53d\" charset=\"utf-8\" wapForceOldFixed=\"false\" loadData=\"false\" id=\"ariascripts\"></script>");

/*手机版电脑版切换*/
//存入cookies
function setCookie(key,value){
	document.cookie=key+"="+value+"; path= /";
}

//cookies 取值
function getCookie01(name){
	var strcookie = document.cookie;//获取cookie字符串
	var arrcookie = strcookie.split("; ");//分割
	//遍历匹配
	for ( var i = 0; i < arrcookie.length; i++) {
		var arr = arrcookie[i].split("=");
		if (arr[0] == name){
			return arr[1];
		}
	}
	return "";
}

$("body").append("<div class=\"am-mobilize-btn\" id=\"am-mobilize-btn\" style=\"display:none;border-top-left-radius: 10px; border-top-right-radius: 10px; background-color: rgb(239, 239, 239); z-index: 1000000000; position: fixed; right: 10px; bottom: 10px; width: 213.889px; height: 213.889px;\"><div id=\"am-btn-icon-return\" style=\"position: absolute; text-align: center; left: 0px; bottom: -6px; background-color: rgb(239, 239, 239); border-bottom-right-radius: 10px; border-bottom-left-radius: 10px; width: 213.889px; font-size: 30.5556px;\">返回手机版</div><div class=\"am-mobilize-btn-inner\" id=\"am-mobile-btn-inner\" style=\"position: absolute; width: 69%; height: 69%; left: 50%; top: 50%; margin-top: -40%; margin-left: -34.5%;\"><div id=\"am-btn-icon-red\" style=\"position: absolute; transition-property: all; transition-timing-function: linear; transition-duration: 0.5s; background-color: rgb(254, 135, 94); width: 66%; left: 17%; height: 110%; top: -5%; border-radius: 5px;\"></div><div id=\"am-btn-icon-blue\" style=\"position: absolute; transition-property: all; transition-timing-function: linear; transition-duration: 0.5s; background-color: rgb(84, 193, 220); width: 8%; right: 46%; height: 8%; bottom: 0px; border-radius: 100%;\"></div><div id=\"am-btn-icon-green\" style=\"position: absolute; transition-property: all; transition-timing-function: linear; transition-duration: 0.5s; background-color: rgb(169, 218, 91); border-radius: 0px; width: 54%; right: 23%; height: 85%; top: 0px;\"></div></div></div>");



for(var i=0;i<$('.mnav span a').length;i++){
		if($('.mnav span a').eq(i).text()=='机关司局'){
			$('.mnav span a').eq(i).removeAttr('href')
			}
		}
//机关司局当前位置去掉链接		

function ptauto(){
	$("head").append('<meta name="viewport" content="width=device-width, initial-scale=1">');

	if($("div").hasClass("common_one")){
		$(".common_one dd a").each(function(){
			$(this).parents(".common_one").next(".common_one_wrap").find("ul").eq($(this).index()).find("li").last().after('<p class="pdy-more"><a href='+$(this).attr("href")+'>更多>></a></p>');
		});
	}

	$(".gxsj-title2").append('<span class="gxsj-more2"></span>')
	$(".gxsj-title2 > a").each(function(){
		$(this).siblings(".gxsj-more2").append('<a href='+$(this).attr('href')+'>更多>></a>');
	});
	$(".gxsj-title2 > a").click(function(){
		$(this).siblings(".gxsj-more2").find("a").hide().eq($(this).index()).show();
	});
	
	$(".common_one dd > a").each(function(){
		$(this).removeAttr("href");
	});

}

function pc(){
	$("#am-mobilize-btn").show();
	$(".wza_pc").hide();
	$(".wza_phone").show(); //移动版无障碍按钮
	

	$("#am-mobilize-btn").click(function(){
		setCookie('model', '');

		if(window.location.href == "http://www.miit.gov.cn/" || window.location.href == "https://www.miit.gov.cn/" || window.location.href == "http://www.miit.gov.cn/index.html" || window.location.href == "https://www.miit.gov.cn/index.html" || window.location.href == "http://miit.gov.cn/" || window.location.href == "https://miit.gov.cn/"  || window.location.href == "http://miit.gov.cn/index.html"  || window.location.href == "https://miit.gov.cn/index.html" ){
			window.location.href='/wap/';
		}
		window.location.reload();
	});
}

function mob(){
	$(function(){
		$(".m-destop").click(function(){
			setCookie('model', 'destop');
			$(".am-mobilize-btn").show();
			if(window.location.href == "http://wap.miit.gov.cn/" || window.location.href == "https://wap.miit.gov.cn/" || window.location.href == "http://wap.miit.gov.cn/index.html" || window.location.href == "https://wap.miit.gov.cn/index.html"){
				window.location.href='/';
			}
			location.reload();
		});
	});
}

/*判断文件是否存在*/
function isInclude(name){
	var js= /js$/i.test(name);
	var es=document.getElementsByTagName(js?'script':'link');
	for(var i=0;i<es.length;i++) 
	if(es[i][js?'src':'href'].indexOf(name)!=-1)return true;
	return false;
}

//获取平台类型
var model=getCookie01("model");

var useragent = navigator.userAgent;
if (useragent.indexOf('iPhone') != -1 || useragent.indexOf('iPad') != -1 || useragent.indexOf('Android') != -1) {


	//判断平台不是电脑版
	if(model!="destop"){
		/*只有手机版加载，文件更新在模板组-手机版*/
		$("body").append('<div class="wza_phone_bg" style="width: 25px;overflow:hidden;position:fixed;right: 0;bottom: 20px;z-index:10;background: #0051A7;text-align: center;border-radius: 5px 0 0 5px;"><a href="javascript:void(0)" onclick="aria.oldFixedStart()" style="color: #ffffff;font-size: 12px;writing-mode: vertical-rl;letter-spacing: 3px;padding-top: 5px;">无障碍浏览</a></div>');


		//判断访问电脑版首页
		if(isInclude("/mediaLayout.css") == false){
			document.writeln("<link href=\"/cms_files/webmiit/tplobject/gxbsy/901e6342877e41678c450cf32ab7e7af/images/mediaLayout.css\" type=\"text/css\" rel=\"stylesheet\">");
			document.writeln("<script type=\"text/javascript\" src=\"/cms_files/webmiit/tplobject/gxbsy/901e6342877e41678c450cf32ab7e7af/images/mediaMain.js\"></script>");
		}

		if(window.location.href == "http://www.miit.gov.cn/" || window.location.href == "https://www.miit.gov.cn/" || window.location.href == "http://www.miit.gov.cn/index.html" || window.location.href == "https://www.miit.gov.cn/index.html" || window.location.href == "http://miit.gov.cn/" || window.location.href == "https://miit.gov.cn/"  || window.location.href == "http://miit.gov.cn/index.html"  || window.location.href == "https://miit.gov.cn/index.html"  || window.location.href == "http://wap.miit.gov.cn/" || window.location.href == "https://wap.miit.gov.cn/"  || window.location.href == "http://wap.miit.gov.cn/index.html"  || window.location.href == "https://wap.miit.gov.cn/index.html" ){
			window.location.href='/wap/';
		}
		ptauto();
		mob();
		$(".mnav a").first().attr("href","/wap/");

		if(window.location.href.indexOf('/gzcy/') != -1 ){
			$("#Map area").first().attr("href","http://www.miit.gov.cn/bzxx/wap/reply/link");
		}	
		
	}else{
		//判断访问移动版首页
		if(window.location.href.indexOf('/wap/') != -1 ){
			window.location.href = '/';
		}

		pc();
		//$(".mnav a").first().attr("href","/sy/");
		/*
		if(window.location.href.indexOf('/gzcy/') != -1 ){
			("#Map area").first().attr("href","http://www.miit.gov.cn/bzxx/appellate/main");
		}
		*/
	}


} else {
	//电脑平台
	//$(".mnav a").first().attr("href","/sy/");
	if($(".head").attr("ergodic") == undefined){
		$(".head").attr("ergodic","navigation");
	}
	if($(".nav").attr("ergodic") == undefined){
		$(".nav").attr("ergodic","navigation");
	}
	if($(".xwdt_tu").attr("ergodic") == undefined){
		$(".xwdt_tu").attr("ergodic","view");
	}
	if($(".lmy-wrapper .clist_con").attr("ergodic") == undefined){
		$(".lmy-wrapper .clist_con").attr("ergodic","view");
	}
	if($(".wzy-wrapper .cmain").attr("ergodic") == undefined){
		$(".wzy-wrapper .cmain").attr("ergodic","article");
	}
	


}

document.writeln("<style>");
document.writeln(".pdy-more a{float:right;}}");
document.writeln("a br{display:none !important;}");//隐藏a标签里br



document.writeln("</style>");




//document.writeln("<div class=\"fdsy\">测试网站</div>");
//document.writeln("<style>.fdsy{position:fixed;top:35px;line-height:1;left:0px;z-index:999999998;font-size: 41px;color: #000;filter:alpha(opacity=30);-moz-opacity:0.3;-khtml-opacity: 0.3;opacity: 0.3;}@media screen and (max-width: 850px){.fdsy{font-size:20px;writing-mode:tb-rl;left:auto;right: 0;top:0;}}</style>");



/*判断*/
function isInclude(name){
	var js= /js$/i.test(name);
	var es=document.getElementsByTagName(js?'script':'link');
	for(var i=0;i<es.length;i++) 
	if(es[i][js?'src':'href'].indexOf(name)!=-1)return true;
	return false;
}
if(isInclude("/main.css") == false){
	$("head").append('<link href="/cms_files/webmiit/tplobject/gxbsy/7cdb63ce84fc43b8a14ef96215171444/images/main.css" rel="stylesheet">');
}

//插入无障碍
//document.writeln("<script id=\"barrierfree\" src=\"/cms_files/filemanager/accessiblereading/load.js\"></script>");


if(window.location.href.indexOf('/wzpz/syxl/') == -1){
	document.writeln("<script src=\"/cms_files/filemanager/script/juba/jubascript.js\"></script>");
}

$(function(){
	//机关司局底部转换
	if($(".sjjg-pdy").length ==1 || $(".sjjg-lby").length ==1){
		if($(window).width()<750){
			if($("html").width() >1099){
				$(".foot").show();
				$("div.mob-foot,div.mob-bottom").hide();
			}else{
				$(".foot").hide();
				$("div.mob-foot").css("display","flex");
				$("div.mob-bottom").show();
			}
		}
	}
	
	//手机版插入网站纠错
	$(".mfooter-bz").before($("#_span_jiucuo").prop("outerHTML"))
});

/*领导子站-来源隐藏*/
if($("div.mnav").length != 0){
	var dn = $("div.mnav").html();
	if(dn.indexOf("领导子站") != -1 && dn.indexOf("个人简历") != -1){
		$(".cinfo span").eq(1).remove();
	}
	if(dn.indexOf("领导子站") != -1 && dn.indexOf("主管工作") != -1){
		$(".cinfo span").eq(1).remove();
	}
}



//过滤地址
if($("div.ccontent").length > 0){
	var str =$("div.ccontent").html();
	var words = "https://jyhwzhq.miit.gov.cn";
	var regExp=new RegExp(words,"gmi");
	str = str.replace(regExp,"");
	$("div.ccontent").html(str);
}
if($("div.content").length > 0){
	var str =$("div.content").html();
	var words = "https://jyhwzhq.miit.gov.cn";
	var regExp=new RegExp(words,"gmi");
	str = str.replace(regExp,"");
	$("div.content").html(str);
}


//公告令转换
var txt=$(".xxgk-fwzh").text();
if($(".xxgk-span5").text().length > 0){
	$(".xxgk-box").show();
	$(".cinfo").hide();
	if(txt.indexOf("告") != -1){
		$(".cwhdiv").show();
		txt1 = txt.substr(0, txt.indexOf('告')+1);
		txt21 = txt.substr(txt.indexOf('告')+1,5);
		txt22 = txt.substr(txt.indexOf('第'));
		$("#con_title").text(txt1);
		$(".cwhdiv-l").text(txt21);
		$(".cwhdiv-r").text(txt22).css("padding-left","15px");
	}else if(txt.indexOf("令") != -1){
		$(".cwhdiv").show();
		txt1 = txt.substr(0, txt.indexOf('令')+1);
		txt22 = txt.substr(txt.indexOf('第'));
		$("#con_title").text(txt1);
		$(".cwhdiv-r").text(txt22);
	}
}


function addgxbCss(){
if($('.top_t11').length>0||$(".mudule2S").length==1){
  $('.pclog img').attr('src','/cms_files/filemanager/1226211233/picture/20222/ac606e43c9b24276b75d7847da79b96c.png');
  //clearInterval(gxbCssTimeer);
  //clearInterval(gxbCssTimeer);

}else{
document.writeln("<style>");
document.write(".wzy-wrapper .cmain{");
document.write("    overflow: hidden!important;");
document.write("}");
document.write(".fk{");
document.write("    display: none!important;");
document.write("}");
document.write(".head .h_right ul li.take:before{");
document.write("    content:none!important;");
document.write("}");
//document.write(".mudule2S{");
//document.write("        background: none!important;");
//document.write("}");
document.write("#search-form{");
document.write("    overflow: hidden!important;");
document.write("}");
document.write(".nav_curr{");
document.write("        border-bottom: none;!important;");
document.write("}");
document.write(".footWrapd {");
document.write("    background: #666666!important;");
document.write("}");
document.write(".nav a:hover{");
document.write("    color: #fff!important;");
document.write("}");
document.write(".info {");
document.write("    background: #666666!important;");
document.write("}");
document.writeln(".footWrapd{background:#666666;}");
document.writeln(".foot *{color:#fff !important;}");
document.writeln("</style>");
if($("body").width()>768){
$("body").css("background-position-y",$(".ershida").height());
    document.writeln("<style>");
document.write("        body{");
document.write("            background: url(https:\/\/www.miit.gov.cn\/cms_files\/filemanager\/1226211233\/picture\/20222\/a5d67fbde3544ec9974d5c86f521171c.jpg) no-repeat center top;");
document.write("}");
document.write(".top{");
document.write("    background: bottom!important;");
document.write("}");
document.write(".waplog{");
document.write("    display: none!important;");
document.write("}");
document.write(".pclog{");
document.write("    display: block!important;");
document.write("}");
document.write(".top_t1 a.top_t11,.top_t2 p a,.top_b ul li a{");
document.write("    color: #fff!important;");
document.write("}");
document.write(".head .h_right .hotword a{");
document.write("    font-size: 14px;");
document.write("}");
document.write(".main h2 {");
document.write("    font-size: 25px!important;");
document.write("    line-height: normal!important;");
document.write("}");
document.write(".txt18 {");
document.write("    font-size: 18px!important;");
document.write("}");
document.write(".bsfw .xzxk h3{");
document.write("    line-height: 18px!important;");
document.write("}");
document.write(".cont_left ul li,.cont_right .gxdata ul li,.cont_right .gxdata ol li{");
document.write("    font-size: 14px;");
document.write("}");
document.write(".cont_left .title{");
document.write("    line-height: 1.5!important;");
document.write("}");
document.writeln("</style>");
if(window.screen.availWidth<750){
document.writeln("<style>.cont_left .title{font-size: inherit!important;}</style>");
}
}else{
    document.writeln("<style>");
document.write("    body{");
document.write("        background: #fff!important;");
document.write("    }");
document.write(".pclog{");
document.write("    display: none!important;");
document.write("}");
document.write(".waplog{");
document.write("    display: block!important;");
document.write("}");
document.write(".head .logos{");
document.write("    margin-top: 25px!important;");
document.write("}");
document.write("}");
document.writeln(".footWrapd{background:#666666;}");
document.writeln(".foot *{color:#fff !important;}");
document.writeln("</style>");
}


//clearInterval(gxbCssTimeer);
//clearInterval(gxbCssTimeer);
//return false;
};

}
setTimeout(addgxbCss(),30);